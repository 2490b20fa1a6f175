using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>A user-namespace id range.</summary>
public sealed class SpecIdMapping
{
    public uint ContainerId { get; set; }

    public uint HostId { get; set; }

    public uint Size { get; set; }
}
