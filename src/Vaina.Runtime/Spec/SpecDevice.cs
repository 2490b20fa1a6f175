using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>A device node created in the container.</summary>
public sealed class SpecDevice
{
    public string Path { get; set; } = "";

    public string Type { get; set; } = "c";

    public long Major { get; set; }

    public long Minor { get; set; }

    public uint? FileMode { get; set; }

    public uint? Uid { get; set; }

    public uint? Gid { get; set; }
}
