using Vaina.Linux.Namespaces;
using Vaina.Storage.Containers;

namespace Vaina.Engine.Containers;

/// <summary>
/// The user namespace a container gets of its own, resolved at create from --userns/--uidmap/--gidmap/
/// --subuidname/--subgidname (or containers.conf userns) and stored with the container, so that every start
/// uses the same maps and --userns=auto allocations of other containers stay reserved.
/// </summary>
public sealed class ContainerUserNamespace
{
    /// <summary>keep-id | nomap | auto | private (explicit maps) | ns (join <see cref="Path"/>).</summary>
    public string Mode { get; set; } = "private";

    /// <summary>A pod member: the infra container whose user namespace it joins (same maps).</summary>
    public string? Container { get; set; }

    /// <summary>ns:PATH: the namespace file to join.</summary>
    public string? Path { get; set; }

    /// <summary>Container uid -> uid of the namespace vaina runs in.</summary>
    public List<UserNamespaceMapping> UidMap { get; set; } = [];

    public List<UserNamespaceMapping> GidMap { get; set; } = [];

    /// <summary>keep-id: the uid and gid the user appears as inside (an /etc/passwd entry is added when missing).</summary>
    public uint? KeepIdUid { get; set; }

    public uint? KeepIdGid { get; set; }

    public IReadOnlyList<IdMapping> Uids => UidMap.Select(m => m.ToIdMapping()).ToList();

    public IReadOnlyList<IdMapping> Gids => GidMap.Select(m => m.ToIdMapping()).ToList();

    /// <summary>The storage's view: null when the rootfs needs no mapping (joining a namespace without maps).</summary>
    public ContainerIdMap? ToIdMap() => UidMap.Count == 0 ? null : new ContainerIdMap(Uids, Gids);

    /// <summary>The outside ids of a container uid/gid (overflow 65534 when unmapped).</summary>
    public (uint Uid, uint Gid) ToHost(uint uid, uint gid)
        => (IdMapLookup.ToHost(Uids, uid) ?? 65534, IdMapLookup.ToHost(Gids, gid) ?? 65534);
}
