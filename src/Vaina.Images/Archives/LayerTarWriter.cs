using System.Formats.Tar;
using System.Text;
using Vaina.Linux;
using Vaina.Storage.Layers;

namespace Vaina.Images.Archives;

/// <summary>
/// Writes a stored layer back as an OCI layer tar (PAX, sorted, owners/modes/mtimes/xattrs kept). overlay: the
/// diff dir, with 0/0 char devices turned into <c>.wh.NAME</c> and opaque dirs into <c>.wh..wh..opq</c>. vfs:
/// the difference between the layer's tree and its parent's (metadata and size compared, as containers/storage's
/// naive differ does), with whiteouts for removed paths. The result need not be byte-identical to the tar the
/// layer came from, so callers must use the diffID of what this writes.
/// </summary>
public static class LayerTarWriter
{
    public static void Write(LayerStore layers, LayerRecord layer, Stream output, CancellationToken ct)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var hardlinks = new Dictionary<ulong, string>();
        if (layers.Driver == "overlay")
        {
            WriteOverlayDir(writer, layers.DiffPath(layer.Id), string.Empty, hardlinks, ct);
        }
        else
        {
            var parentTree = layer.ParentId is null ? null : layers.TreePath(layer.ParentId);
            WriteVfsDiff(writer, layers.TreePath(layer.Id), parentTree, string.Empty, hardlinks, ct);
        }
    }

    private static void WriteOverlayDir(TarWriter writer, string dir, string prefix, Dictionary<ulong, string> hardlinks, CancellationToken ct)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var name = prefix + Path.GetFileName(path);
            var st = Interop.GetFileStatus(path);
            if (st.IsCharacterDevice && st.RdevMajor == 0 && st.RdevMinor == 0)
            {
                var parent = Path.GetDirectoryName(name);
                var wh = (string.IsNullOrEmpty(parent) ? string.Empty : parent + "/") + ".wh." + Path.GetFileName(name);
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, wh) { ModificationTime = DateTimeOffset.FromUnixTimeSeconds(st.MtimeSeconds) });
                continue;
            }

            WriteEntry(writer, path, name, st, hardlinks);
            if (st.IsDirectory)
            {
                if (OverlayAttributes.IsOpaque(path))
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name + "/.wh..wh..opq") { ModificationTime = DateTimeOffset.FromUnixTimeSeconds(st.MtimeSeconds) });
                }

                WriteOverlayDir(writer, path, name + "/", hardlinks, ct);
            }
        }
    }

    private static void WriteVfsDiff(TarWriter writer, string dir, string? parentDir, string prefix, Dictionary<ulong, string> hardlinks, CancellationToken ct)
    {
        var names = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (parentDir is not null && Directory.Exists(parentDir) && !File.GetAttributes(parentDir).HasFlag(FileAttributes.ReparsePoint))
        {
            foreach (var removed in Directory.EnumerateFileSystemEntries(parentDir).Select(Path.GetFileName).OfType<string>().Where(n => !names.Contains(n)).Order(StringComparer.Ordinal))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, prefix + ".wh." + removed) { ModificationTime = DateTimeOffset.UnixEpoch });
            }
        }

        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var path = Path.Combine(dir, name);
            var st = Interop.GetFileStatus(path);
            var parentPath = parentDir is null ? null : Path.Combine(parentDir, name);
            bool parentExists = parentPath is not null && Interop.TryGetFileStatus(parentPath, out var pst) && Same(st, pst, path, parentPath);
            bool parentIsDir = parentPath is not null && Interop.TryGetFileStatus(parentPath, out var pst2) && pst2.IsDirectory;
            if (!parentExists)
            {
                WriteEntry(writer, path, prefix + name, st, hardlinks);
            }

            if (st.IsDirectory)
            {
                WriteVfsDiff(writer, path, parentIsDir ? parentPath : null, prefix + name + "/", hardlinks, ct);
            }
        }
    }

    private static bool Same(Interop.FileStatus a, Interop.FileStatus b, string pathA, string pathB)
    {
        if (a.Mode != b.Mode || a.Uid != b.Uid || a.Gid != b.Gid)
        {
            return false;
        }

        if (a.IsDirectory)
        {
            return true;
        }

        if (a.Size != b.Size || a.MtimeSeconds != b.MtimeSeconds || a.MtimeNanoseconds != b.MtimeNanoseconds || a.RdevMajor != b.RdevMajor || a.RdevMinor != b.RdevMinor)
        {
            return false;
        }

        return !a.IsSymlink || File.ResolveLinkTarget(pathA, false)?.ToString() == File.ResolveLinkTarget(pathB, false)?.ToString()
            || new FileInfo(pathA).LinkTarget == new FileInfo(pathB).LinkTarget;
    }

    /// <summary>One filesystem entry (lstat <paramref name="st"/>) as a PAX entry; a second link to an inode in <paramref name="hardlinks"/> becomes a hard link.</summary>
    public static void WriteEntry(TarWriter writer, string path, string name, Interop.FileStatus st, Dictionary<ulong, string> hardlinks)
    {
        var xattrs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attr in Interop.Llistxattr(path))
        {
            if (OverlayAttributes.IsOverlayPrivate(attr))
            {
                continue;
            }

            if (Interop.Lgetxattr(path, attr) is { } value)
            {
                xattrs["SCHILY.xattr." + attr] = Encoding.Latin1.GetString(value);
            }
        }

        PaxTarEntry entry;
        if (st.IsRegularFile && st.LinkCount > 1 && hardlinks.TryGetValue(st.Inode, out var first))
        {
            entry = new PaxTarEntry(TarEntryType.HardLink, name, xattrs) { LinkName = first };
        }
        else if (st.IsRegularFile)
        {
            if (st.LinkCount > 1)
            {
                hardlinks[st.Inode] = name;
            }

            entry = new PaxTarEntry(TarEntryType.RegularFile, name, xattrs) { DataStream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16) };
        }
        else if (st.IsDirectory)
        {
            entry = new PaxTarEntry(TarEntryType.Directory, name + "/", xattrs);
        }
        else if (st.IsSymlink)
        {
            entry = new PaxTarEntry(TarEntryType.SymbolicLink, name, xattrs) { LinkName = new FileInfo(path).LinkTarget ?? string.Empty };
        }
        else if (st.IsFifo)
        {
            entry = new PaxTarEntry(TarEntryType.Fifo, name, xattrs);
        }
        else if (st.IsCharacterDevice || st.IsBlockDevice)
        {
            entry = new PaxTarEntry(st.IsCharacterDevice ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice, name, xattrs)
            {
                DeviceMajor = (int)st.RdevMajor,
                DeviceMinor = (int)st.RdevMinor,
            };
        }
        else
        {
            return; // sockets are not archived
        }

        entry.Mode = (UnixFileMode)(st.Mode & 0xFFF);
        entry.Uid = (int)st.Uid;
        entry.Gid = (int)st.Gid;
        entry.ModificationTime = DateTimeOffset.FromUnixTimeSeconds(st.MtimeSeconds).AddTicks(st.MtimeNanoseconds / 100);
        try
        {
            writer.WriteEntry(entry);
        }
        finally
        {
            entry.DataStream?.Dispose();
        }
    }
}
