using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vaina.Build.Context;

/// <summary>
/// The <c>file:&lt;hex&gt;</c> / <c>dir:&lt;hex&gt;</c> of buildah's COPY/ADD history: the sha256 of the tar stream
/// buildah's copier produces for the source, re-written by Go's archive/tar with modification times zeroed. Per
/// source a USTAR stream: a file as one member (named as it lands: the destination's name when copied to a file
/// path), a directory as its contents in filepath.Walk order (directories named "sub/"), owners as numbers plus
/// the host's user and group names, mtime 0, then the two zero blocks of the end. Several sources give
/// <c>multi:</c> the sha256 of "file:hex,dir:hex,...". Checked against Podman 4.3.1's digests.
/// </summary>
public static class BuildahContentDigest
{
    private static readonly Lazy<Dictionary<uint, string>> Users = new(() => ReadNames("/etc/passwd"));
    private static readonly Lazy<Dictionary<uint, string>> Groups = new(() => ReadNames("/etc/group"));

    /// <param name="sources">Each matched source and, for a directory, its entries (relative, Walk order, ignored ones left out).</param>
    /// <param name="singleFileName">The member name of a lone file copied to a file path (buildah renames it there).</param>
    public static string Summary(IReadOnlyList<(string FullPath, bool IsDirectory, IReadOnlyList<string> Entries)> sources,
        string? singleFileName, string? chown, string? chmod)
    {
        (uint Uid, uint Gid)? owner = ParseOwner(chown);
        uint? mode = chmod is { Length: > 0 } ? ParseMode(chmod) : null;
        var parts = new List<string>();
        foreach (var (fullPath, isDirectory, entries) in sources)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            if (isDirectory)
            {
                foreach (string entry in entries)
                {
                    WriteMember(hash, Path.Combine(fullPath, entry), entry, owner, mode);
                }
            }
            else
            {
                WriteMember(hash, fullPath, sources.Count == 1 && singleFileName is { Length: > 0 } ? singleFileName : Path.GetFileName(fullPath), owner, mode);
            }

            hash.AppendData(new byte[1024]);
            parts.Add((isDirectory ? "dir:" : "file:") + Convert.ToHexStringLower(hash.GetHashAndReset()));
        }

        return parts.Count == 1
            ? parts[0]
            : "multi:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', parts))));
    }

    private static void WriteMember(IncrementalHash hash, string path, string name, (uint Uid, uint Gid)? owner, uint? chmod)
    {
        var info = new FileInfo(path);
        var (uid, gid) = Ownership(path);
        string? link = info.LinkTarget;
        bool isDirectory = link is null && Directory.Exists(path);
        uint mode = (uint)(isDirectory ? new DirectoryInfo(path).UnixFileMode : info.UnixFileMode) & 0xFFF;
        if (link is null && chmod is { } m)
        {
            mode = m;
        }

        char type = link is not null ? '2' : isDirectory ? '5' : '0';
        long size = type == '0' ? info.Length : 0;
        var header = Header(isDirectory ? name + "/" : name, mode, owner?.Uid ?? uid, owner?.Gid ?? gid, size, type, link ?? string.Empty,
            Users.Value.GetValueOrDefault(uid, string.Empty), Groups.Value.GetValueOrDefault(gid, string.Empty));
        hash.AppendData(header);
        if (type == '0')
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            if (size % 512 != 0)
            {
                hash.AppendData(new byte[512 - (size % 512)]);
            }
        }
    }

    /// <summary>A USTAR header block as Go's archive/tar writes one (octal fields zero-padded and NUL-terminated).</summary>
    private static byte[] Header(string name, uint mode, uint uid, uint gid, long size, char type, string link, string uname, string gname)
    {
        var block = new byte[512];
        string prefix = string.Empty;
        if (Encoding.UTF8.GetByteCount(name) > 100)
        {
            // Go's splitUSTARPath: the longest prefix (at a '/') that fits in 155 bytes, the rest in 100.
            int split = name.LastIndexOf('/', Math.Min(name.Length - 1, 155));
            while (split > 0 && Encoding.UTF8.GetByteCount(name[(split + 1)..]) > 100)
            {
                split = -1;
            }

            if (split > 0)
            {
                prefix = name[..split];
                name = name[(split + 1)..];
            }
        }

        Text(block, 0, 100, name);
        Octal(block, 100, 8, mode);
        Octal(block, 108, 8, uid);
        Octal(block, 116, 8, gid);
        Octal(block, 124, 12, size);
        Octal(block, 136, 12, 0);
        block[156] = (byte)type;
        Text(block, 157, 100, link);
        Text(block, 257, 6, "ustar\0");
        Text(block, 263, 2, "00");
        Text(block, 265, 32, uname);
        Text(block, 297, 32, gname);
        Octal(block, 329, 8, 0);
        Octal(block, 337, 8, 0);
        Text(block, 345, 155, prefix);
        for (int i = 148; i < 156; i++)
        {
            block[i] = (byte)' ';
        }

        int sum = block.Sum(b => b);
        Text(block, 148, 8, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        return block;
    }

    private static void Text(byte[] block, int offset, int length, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Array.Copy(bytes, 0, block, offset, Math.Min(bytes.Length, length));
    }

    private static void Octal(byte[] block, int offset, int length, long value)
        => Text(block, offset, length, Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0");

    private static (uint Uid, uint Gid) Ownership(string path)
    {
        try
        {
            var owner = Vaina.Linux.Interop.GetFileOwnership(path, followSymlinks: false);
            return (owner.Uid, owner.Gid);
        }
        catch (Vaina.VainaException)
        {
            return (0, 0);
        }
    }

    private static (uint, uint)? ParseOwner(string? chown)
    {
        if (string.IsNullOrEmpty(chown))
        {
            return null;
        }

        var parts = chown.Split(':');
        return uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
            && uint.TryParse(parts.Length > 1 ? parts[1] : parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint gid)
            ? (uid, gid)
            : null;
    }

    private static uint? ParseMode(string chmod)
    {
        try
        {
            return Convert.ToUInt32(chmod, 8) & 0xFFF;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Dictionary<uint, string> ReadNames(string file)
    {
        var names = new Dictionary<uint, string>();
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var f = line.Split(':');
                if (f.Length > 2 && uint.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
                {
                    names.TryAdd(id, f[0]);
                }
            }
        }
        catch (IOException)
        {
        }

        return names;
    }
}
