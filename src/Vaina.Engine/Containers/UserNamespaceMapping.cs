using Vaina.Linux.Namespaces;

namespace Vaina.Engine.Containers;

/// <summary>One stored id mapping (JSON-friendly form of <see cref="IdMapping"/>).</summary>
public sealed class UserNamespaceMapping
{
    public uint ContainerId { get; set; }

    public uint HostId { get; set; }

    public uint Size { get; set; }

    public IdMapping ToIdMapping() => new(ContainerId, HostId, Size);

    public static UserNamespaceMapping From(IdMapping m) => new() { ContainerId = m.ContainerId, HostId = m.HostId, Size = m.Size };
}
