using System.Formats.Tar;
using System.Security.Cryptography;
using Vaina.Linux;
using Vaina.Storage;
using Vaina.Storage.Layers;

namespace Vaina.Engine.System;

/// <summary>
/// The slow half of `system check`: reads a layer's kept blob back, checks that it still gives the layer's diff
/// ID, and compares every entry of the tar with the layer's directory (type, size and sha256 of each regular
/// file, symlink targets, whiteouts; on overlay also files the tar never had). Podman does the same from its
/// tar-split data; a layer without a kept blob (a commit or build result) is not read back.
/// </summary>
internal static class LayerContentVerifier
{
    public static List<string> Verify(LayerRecord layer, string contentPath, bool overlay, Stream blob, CancellationToken ct)
    {
        var problems = new List<string>();
        var name = Digest.Hex(layer.Id);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        using var digesting = new DigestingStream(LayerDecompression.Open(blob, null), leaveOpen: false);
        try
        {
            using var reader = new TarReader(digesting, leaveOpen: true);
            while (reader.GetNextEntry() is { } entry)
            {
                ct.ThrowIfCancellationRequested();
                var path = entry.Name.Replace("./", "/", StringComparison.Ordinal).Trim('/');
                if (path.Length == 0)
                {
                    continue;
                }

                var fileName = Path.GetFileName(path);
                if (fileName.StartsWith(".wh.", StringComparison.Ordinal))
                {
                    if (fileName != ".wh..wh..opq")
                    {
                        var deleted = Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, fileName[4..]);
                        expected.Add(deleted);
                        // overlay keeps a whiteout device in its diff; vfs removed the file from the tree.
                        if (overlay != Interop.TryGetFileStatus(Path.Combine(contentPath, deleted), out _))
                        {
                            problems.Add($"layer {name}: {deleted}: {(overlay ? "missing whiteout" : "unexpected")}, layer content modified");
                        }
                    }

                    continue;
                }

                expected.Add(path);
                var full = Path.Combine(contentPath, path);
                if (!Interop.TryGetFileStatus(full, out var status))
                {
                    if (entry.EntryType is not (TarEntryType.CharacterDevice or TarEntryType.BlockDevice))
                    {
                        problems.Add($"layer {name}: {path}: missing, layer content modified");
                    }

                    continue;
                }

                switch (entry.EntryType)
                {
                    case TarEntryType.Directory when !status.IsDirectory:
                        problems.Add($"layer {name}: {path}: not a directory, layer content modified");
                        break;
                    case TarEntryType.SymbolicLink when !status.IsSymlink || new FileInfo(full).LinkTarget != entry.LinkName:
                        problems.Add($"layer {name}: {path}: symbolic link changed, layer content modified");
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (!status.IsRegularFile || !SameContent(full, entry))
                        {
                            problems.Add($"layer {name}: file integrity checksum failed for \"{path}\"");
                        }

                        break;
                }
            }

            digesting.Drain(ct);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            problems.Insert(0, $"layer {name}: {e.Message}");
            return problems;
        }

        if (digesting.CurrentDigest() != layer.DiffId)
        {
            problems.Insert(0, $"layer {name}: layer content incorrect digest");
        }

        if (overlay)
        {
            foreach (var extra in Unexpected(contentPath, expected))
            {
                problems.Add($"layer {name}: {extra}: unexpected, layer content modified");
            }
        }

        return problems;
    }

    private static bool SameContent(string path, TarEntry entry)
    {
        using var file = File.OpenRead(path);
        if (file.Length != entry.Length)
        {
            return false;
        }

        var onDisk = SHA256.HashData(file);
        return entry.DataStream is null ? file.Length == 0 : onDisk.AsSpan().SequenceEqual(SHA256.HashData(entry.DataStream));
    }

    /// <summary>Paths in the layer's diff the tar does not name (parents of named paths count as named).</summary>
    private static IEnumerable<string> Unexpected(string root, HashSet<string> expected)
    {
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in expected)
        {
            for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                parents.Add(dir);
            }
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        return Directory.EnumerateFileSystemEntries(root, "*", options)
            .Select(full => Path.GetRelativePath(root, full))
            .Where(rel => !expected.Contains(rel) && !parents.Contains(rel))
            .Order(StringComparer.Ordinal);
    }
}
