using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Storage.Containers;

/// <summary>
/// Rewrites the owners of every entry of a tree through an id map (image id -> mapped id), keeping setuid
/// and setgid bits that chown clears. Only for copies that are the container's own (vfs rootfs, or the
/// fallback when no idmapped mount and no fuse-overlayfs can map the ids at mount time).
/// </summary>
public static class TreeOwnershipShifter
{
    private const uint SetIdBits = 0xC00;

    public static void Shift(string root, ContainerIdMap map)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string path = pending.Pop();
            Interop.FileOwnership owner = Interop.GetFileOwnership(path, followSymlinks: false);
            uint uid = IdMapLookup.ToHost(map.Uids, owner.Uid) ?? 65534;
            uint gid = IdMapLookup.ToHost(map.Gids, owner.Gid) ?? 65534;
            bool isDirectory = (owner.Mode & 0xF000) == 0x4000;
            bool isSymlink = (owner.Mode & 0xF000) == 0xA000;
            if (uid != owner.Uid || gid != owner.Gid)
            {
                Interop.Lchown(path, uid, gid);
                if (!isSymlink && !isDirectory && (owner.Mode & SetIdBits) != 0)
                {
                    File.SetUnixFileMode(path, (UnixFileMode)(owner.Mode & 0xFFF));
                }
            }

            if (isDirectory)
            {
                foreach (string entry in Directory.EnumerateFileSystemEntries(path))
                {
                    pending.Push(entry);
                }
            }
        }
    }
}
