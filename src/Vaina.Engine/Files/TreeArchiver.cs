using System.Formats.Tar;
using Vaina.Linux;
using Vaina.Storage.Containers;

namespace Vaina.Engine.Files;

/// <summary>
/// Writes a file or directory tree found through an <see cref="InRootDirectory"/> as a tar stream (PAX), the way
/// `podman cp` streams it: symlinks inside the tree are archived as symlinks (never followed), hard links within
/// the stream as links, owners, modes and mtimes kept. Regular files are opened beneath the root without
/// following any symlink, so a tree changed underneath cannot make us read a file outside it.
/// </summary>
public static class TreeArchiver
{
    /// <summary>
    /// Archives <paramref name="relative"/> (already resolved). Members are named <paramref name="name"/> and
    /// below; with <paramref name="contentsOnly"/> a directory's children are archived without the directory.
    /// </summary>
    /// <param name="idMap">The container's id map when the tree shows mapped owners: members get the container's own ids.</param>
    public static void Write(InRootDirectory root, string relative, string name, bool contentsOnly, Stream output, CancellationToken ct = default, ContainerIdMap? idMap = null)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var links = new Dictionary<(uint, uint, ulong), string>();
        if (!root.TryStat(relative, out var status))
        {
            throw new LinuxException("lstat", "/" + relative, 2);
        }

        if (contentsOnly && status.IsDirectory)
        {
            WriteChildren(writer, root, relative, string.Empty, links, idMap, ct);
            return;
        }

        using var parent = relative.Length == 0 ? null : root.OpenDirectory(Parent(relative));
        WriteEntry(writer, root, parent, relative, name, status, links, idMap, ct);
    }

    private static string Parent(string relative)
    {
        int slash = relative.LastIndexOf('/');
        return slash < 0 ? string.Empty : relative[..slash];
    }

    private static void WriteChildren(TarWriter writer, InRootDirectory root, string relative, string prefix, Dictionary<(uint, uint, ulong), string> links, ContainerIdMap? idMap, CancellationToken ct)
    {
        using var directory = root.OpenDirectory(relative);
        foreach (var child in Directory.EnumerateFileSystemEntries(root.HostPathOf(relative)).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            string childRelative = relative.Length == 0 ? child! : relative + "/" + child;
            if (root.TryStat(childRelative, out var status))
            {
                WriteEntry(writer, root, directory, childRelative, prefix + child, status, links, idMap, ct);
            }
        }
    }

    private static void WriteEntry(TarWriter writer, InRootDirectory root, PinnedDirectory? parent, string relative, string name, Interop.FileStatus status, Dictionary<(uint, uint, ulong), string> links, ContainerIdMap? idMap, CancellationToken ct)
    {
        // Read through the pinned parent: only the leaf is looked up, and it is not followed.
        var xattrs = parent is null ? CopiedXattrs.Read(root.HostPath) : CopiedXattrs.Read(parent.Child(relative[(relative.LastIndexOf('/') + 1)..]));
        PaxTarEntry entry;
        var key = (status.DevMajor, status.DevMinor, status.Inode);
        if (!status.IsDirectory && status.LinkCount > 1 && links.TryGetValue(key, out string? first))
        {
            entry = new PaxTarEntry(TarEntryType.HardLink, name, xattrs) { LinkName = first };
        }
        else if (status.IsDirectory)
        {
            entry = new PaxTarEntry(TarEntryType.Directory, name + "/", xattrs);
        }
        else if (status.IsRegularFile)
        {
            entry = new PaxTarEntry(TarEntryType.RegularFile, name, xattrs);
            if (status.LinkCount > 1)
            {
                links[key] = name;
            }
        }
        else if (status.IsSymlink)
        {
            entry = new PaxTarEntry(TarEntryType.SymbolicLink, name, xattrs) { LinkName = new FileInfo(root.HostPathOf(relative)).LinkTarget ?? string.Empty };
        }
        else if (status.IsCharacterDevice || status.IsBlockDevice)
        {
            entry = new PaxTarEntry(status.IsCharacterDevice ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice, name, xattrs)
            {
                DeviceMajor = (int)status.RdevMajor,
                DeviceMinor = (int)status.RdevMinor,
            };
        }
        else if (status.IsFifo)
        {
            entry = new PaxTarEntry(TarEntryType.Fifo, name, xattrs);
        }
        else
        {
            return; // sockets are not archivable, as with tar(1)
        }

        entry.Mode = (UnixFileMode)status.Permissions;
        var (uid, gid) = idMap is null ? (status.Uid, status.Gid) : idMap.ToContainer(status.Uid, status.Gid);
        entry.Uid = (int)uid;
        entry.Gid = (int)gid;
        entry.ModificationTime = DateTimeOffset.FromUnixTimeSeconds(status.MtimeSeconds).AddTicks(status.MtimeNanoseconds / 100);
        if (entry.EntryType == TarEntryType.RegularFile)
        {
            using var content = root.OpenRead(relative);
            entry.DataStream = content;
            writer.WriteEntry(entry);
            return;
        }

        writer.WriteEntry(entry);
        if (entry.EntryType == TarEntryType.Directory)
        {
            WriteChildren(writer, root, relative, name + "/", links, idMap, ct);
        }
    }
}
