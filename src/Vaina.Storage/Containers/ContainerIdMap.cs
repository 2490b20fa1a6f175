using System.Globalization;
using Vaina.Linux.Namespaces;

namespace Vaina.Storage.Containers;

/// <summary>
/// The uid and gid maps of a container that has its own user namespace (--userns=auto|keep-id|nomap,
/// --uidmap): container ids on the left, ids of the namespace vaina runs in on the right. Its rootfs must
/// show the image's files owned by the mapped ids; stored as the file "idmap" in the container layer.
/// </summary>
public sealed record ContainerIdMap(IReadOnlyList<IdMapping> Uids, IReadOnlyList<IdMapping> Gids)
{
    /// <summary>"u C H S" and "g C H S" lines.</summary>
    public string ToText()
        => string.Concat(Uids.Select(m => Line('u', m)).Concat(Gids.Select(m => Line('g', m))));

    public static ContainerIdMap Parse(string text)
    {
        var uids = new List<IdMapping>();
        var gids = new List<IdMapping>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ');
            if (f.Length == 4)
            {
                var m = new IdMapping(uint.Parse(f[1], CultureInfo.InvariantCulture), uint.Parse(f[2], CultureInfo.InvariantCulture), uint.Parse(f[3], CultureInfo.InvariantCulture));
                (f[0] == "u" ? uids : gids).Add(m);
            }
        }

        return new ContainerIdMap(uids, gids);
    }

    /// <summary>fuse-overlayfs's uidmapping=/gidmapping= value ("C:H:S:C:H:S...").</summary>
    public static string FuseOption(IReadOnlyList<IdMapping> mappings)
        => string.Join(':', mappings.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.ContainerId}:{m.HostId}:{m.Size}")));

    /// <summary>The outside uid/gid of the container's root (who owns the image's root-owned files as mounted).</summary>
    public (uint Uid, uint Gid) Root
        => (IdMapLookup.ToHost(Uids, 0) ?? 65534, IdMapLookup.ToHost(Gids, 0) ?? 65534);

    /// <summary>
    /// The container's own ids of a file the rootfs shows owned by mapped ids (what commit, diff, export and cp
    /// store and show, as containers-storage translates back); the overflow id 65534 when the maps do not cover it.
    /// </summary>
    public (uint Uid, uint Gid) ToContainer(uint uid, uint gid)
        => (IdMapLookup.ToContainer(Uids, uid) ?? 65534, IdMapLookup.ToContainer(Gids, gid) ?? 65534);

    /// <summary>The mapped ids a file the container owns as <paramref name="uid"/>:<paramref name="gid"/> gets in its rootfs.</summary>
    public (uint Uid, uint Gid) ToHost(uint uid, uint gid)
        => (IdMapLookup.ToHost(Uids, uid) ?? 65534, IdMapLookup.ToHost(Gids, gid) ?? 65534);

    private static string Line(char kind, IdMapping m)
        => string.Create(CultureInfo.InvariantCulture, $"{kind} {m.ContainerId} {m.HostId} {m.Size}\n");
}
