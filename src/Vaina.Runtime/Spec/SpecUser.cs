using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Numeric identity of the process.</summary>
public sealed class SpecUser
{
    public uint Uid { get; set; }

    public uint Gid { get; set; }

    public uint? Umask { get; set; }

    public List<uint>? AdditionalGids { get; set; }
}
