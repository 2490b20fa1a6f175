using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>One POSIX rlimit (type is RLIMIT_*).</summary>
public sealed class SpecRlimit
{
    public string Type { get; set; } = "";

    public ulong Hard { get; set; }

    public ulong Soft { get; set; }
}
