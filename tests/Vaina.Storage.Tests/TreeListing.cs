using System.Globalization;
using System.Security.Cryptography;
using Vaina.Linux;

namespace Vaina.Storage.Tests;

/// <summary>Lists a tree like fslist.sh: path type mode uid gid size|target nlink mtime sha256.</summary>
public static class TreeListing
{
    public static List<string> List(string root, string sub = "")
    {
        var lines = new List<string>();
        string start = sub.Length == 0 ? root : Path.Combine(root, sub.TrimStart('/'));
        Walk(root, start, lines);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static string Line(string root, string path)
    {
        Interop.FileStatus st = Interop.GetFileStatus(path);
        string rel = "/" + Path.GetRelativePath(root, path);
        if (rel == "/.")
        {
            rel = "/";
        }

        string mode = Convert.ToString(st.Permissions, 8).PadLeft(4, '0');
        string type = st.IsSymlink ? "symlink" : st.IsDirectory ? "dir" : st.IsRegularFile ? "file" : st.IsFifo ? "fifo"
            : st.IsCharacterDevice ? "chardev" : st.IsBlockDevice ? "blockdev" : "other";
        string size = type switch
        {
            "symlink" => new FileInfo(path).LinkTarget ?? "?",
            "file" => st.Size.ToString(CultureInfo.InvariantCulture),
            "chardev" or "blockdev" => $"{st.RdevMajor},{st.RdevMinor}",
            _ => "-",
        };
        string nlink = type == "file" ? st.LinkCount.ToString(CultureInfo.InvariantCulture) : "-";
        string mtime = type == "dir" ? "-" : st.MtimeSeconds.ToString(CultureInfo.InvariantCulture);
        string sha = type == "file" ? Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(path))) : "-";
        return string.Join('\t', rel, type, mode, st.Uid, st.Gid, size, nlink, mtime, sha);
    }

    private static void Walk(string root, string path, List<string> lines)
    {
        lines.Add(Line(root, path));
        Interop.FileStatus st = Interop.GetFileStatus(path);
        if (st.IsDirectory)
        {
            foreach (string child in Directory.EnumerateFileSystemEntries(path))
            {
                Walk(root, child, lines);
            }
        }
    }
}
