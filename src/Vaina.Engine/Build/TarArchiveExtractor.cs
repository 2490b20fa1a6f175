using System.Formats.Tar;
using Vaina.Linux;

namespace Vaina.Engine.Build;

/// <summary>
/// ADD of a local archive: a tar (plain, gzip, bzip2, xz or zstd, recognised by content, not by name) is unpacked into the
/// destination. Entry names cannot leave it; existing non-directories are replaced rather than written through; modes,
/// owners (unless --chown) and modification times come from the archive.
/// </summary>
public static class TarArchiveExtractor
{
    /// <summary>True for a file that is a tar, possibly gzip, bzip2, xz or zstd compressed (its content decides, not its name).</summary>
    public static bool IsArchive(string path)
    {
        var head = new byte[512];
        int n;
        try
        {
            using var file = File.OpenRead(path);
            using var content = ArchiveDecompression.Open(file);
            n = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or FormatException)
        {
            return false; // compressed-looking but not decodable: copied as it is
        }

        return n >= 262 && head[257] == (byte)'u' && head[258] == (byte)'s' && head[259] == (byte)'t' && head[260] == (byte)'a' && head[261] == (byte)'r';
    }

    public static void Extract(string archive, string destination, (uint Uid, uint Gid)? owner, CancellationToken ct)
    {
        using var file = File.OpenRead(archive);
        using var tar = ArchiveDecompression.Open(file);
        using var reader = new TarReader(tar);
        var directories = new List<(string Path, DateTimeOffset Mtime)>();
        while (reader.GetNextEntry() is { } entry)
        {
            ct.ThrowIfCancellationRequested();
            var parts = entry.Name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
            if (parts.Count == 0)
            {
                continue;
            }

            if (parts.Contains(".."))
            {
                throw new VainaException($"archive {Path.GetFileName(archive)}: entry \"{entry.Name}\" leaves the destination");
            }

            string target = Path.Combine(destination, string.Join('/', parts));
            string parent = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(parent))
            {
                Directory.CreateDirectory(parent);
            }

            if (entry.EntryType != TarEntryType.Directory && Interop.TryGetFileStatus(target, out var existing))
            {
                if (existing.IsDirectory && new FileInfo(target).LinkTarget is null)
                {
                    Directory.Delete(target, recursive: true);
                }
                else
                {
                    File.Delete(target);
                }
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (Interop.TryGetFileStatus(target, out var st) && !st.IsDirectory)
                    {
                        File.Delete(target);
                    }

                    Directory.CreateDirectory(target);
                    directories.Add((target, entry.ModificationTime));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                    {
                        entry.DataStream?.CopyTo(output);
                    }

                    break;
                case TarEntryType.SymbolicLink:
                    File.CreateSymbolicLink(target, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    {
                        var linkParts = entry.LinkName.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
                        if (linkParts.Contains(".."))
                        {
                            throw new VainaException($"archive {Path.GetFileName(archive)}: link \"{entry.LinkName}\" leaves the destination");
                        }

                        Interop.Link(Path.Combine(destination, string.Join('/', linkParts)), target);
                        continue;
                    }

                default:
                    continue; // devices and fifos are not created by ADD
            }

            var (uid, gid) = owner ?? ((uint)entry.Uid, (uint)entry.Gid);
            Interop.Lchown(target, uid, gid);
            if (entry.EntryType != TarEntryType.SymbolicLink)
            {
                File.SetUnixFileMode(target, entry.Mode);
                Interop.SetFileTimesNoFollow(target, entry.ModificationTime, entry.ModificationTime);
            }
        }

        // Directory times last: creating their children changed them.
        foreach (var (path, mtime) in Enumerable.Reverse(directories))
        {
            Interop.SetFileTimesNoFollow(path, mtime, mtime);
        }
    }
}
