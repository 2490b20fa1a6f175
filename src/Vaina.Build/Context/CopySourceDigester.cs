using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vaina.Build.Context;

/// <summary>
/// Hashes what a COPY/ADD would copy: for each matched source in order, every file below it in sorted order with its
/// path, type, mode (after --chmod), owner (--chown, else 0:0), symlink target and content. Modification times are not
/// hashed, so touching a file without changing it keeps the cache key.
/// </summary>
public static class CopySourceDigester
{
    /// <param name="singleFileName">For the history summary: the name a lone file gets at its destination (a file path).</param>
    public static CopySourceDigest Compute(string root, IReadOnlyList<string> sources, IgnoreMatcher? ignore = null,
        string? chown = null, string? chmod = null, IReadOnlyList<string>? excludes = null, string? singleFileName = null)
    {
        var walked = new List<(string FullPath, bool IsDirectory, IReadOnlyList<string> Entries)>();
        ignore ??= IgnoreMatcher.Empty;
        var exclude = new IgnoreMatcher(excludes ?? []);
        string owner = string.IsNullOrEmpty(chown) ? "0:0" : chown;
        string? mode = string.IsNullOrEmpty(chmod) ? null : chmod;
        var all = new List<CopySourceMatch>();
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string source in sources)
        {
            foreach (var match in CopySourceResolver.Resolve(root, source, ignore))
            {
                all.Add(match);
                Append(total, $"source {match.RelativePath}\n");
                if (match.IsDirectory)
                {
                    var entries = new List<string>();
                    WalkDirectory(match.FullPath, match.RelativePath, "", ignore, exclude, entries);
                    foreach (string rel in entries)
                    {
                        HashEntry(total, Path.Combine(match.FullPath, rel), rel, owner, mode);
                    }

                    walked.Add((match.FullPath, true, entries));
                }
                else
                {
                    HashEntry(total, match.FullPath, Path.GetFileName(match.RelativePath), owner, mode);
                    walked.Add((match.FullPath, false, []));
                }
            }
        }
        string hex = Convert.ToHexStringLower(total.GetHashAndReset());
        string summary = BuildahContentDigest.Summary(walked, singleFileName, chown, chmod);
        return new CopySourceDigest("sha256:" + hex, summary, all);
    }

    /// <summary>Digest of heredoc sources (<c>COPY &lt;&lt;EOF /dest</c>): name, owner, mode and body.</summary>
    public static string ComputeHeredocs(IEnumerable<(string Name, string Content)> files, string? chown = null, string? chmod = null)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in files)
        {
            Append(h, $"heredoc {name} {chown ?? "0:0"} {chmod ?? "644"} {content.Length}\n");
            Append(h, content);
        }
        return "sha256:" + Convert.ToHexStringLower(h.GetHashAndReset());
    }

    private static void WalkDirectory(string dir, string rootRelative, string relative, IgnoreMatcher ignore,
        IgnoreMatcher exclude, List<string> entries)
    {
        string path = relative.Length == 0 ? dir : Path.Combine(dir, relative);
        foreach (var e in new DirectoryInfo(path).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            string rel = relative.Length == 0 ? e.Name : relative + "/" + e.Name;
            string fromRoot = rootRelative.Length == 0 ? rel : rootRelative + "/" + rel;
            bool excluded = ignore.IsExcluded(fromRoot) || exclude.IsExcluded(rel);
            bool isDir = e is DirectoryInfo && e.LinkTarget is null;
            if (!excluded)
            {
                entries.Add(rel);
            }
            if (isDir && (!excluded || ignore.HasExclusions || exclude.HasExclusions))
            {
                WalkDirectory(dir, rootRelative, rel, ignore, exclude, entries);
            }
        }
    }

    private static string? HashEntry(IncrementalHash total, string fullPath, string name, string owner, string? chmod)
    {
        var info = new FileInfo(fullPath);
        string? link = info.LinkTarget;
        bool isDir = link is null && Directory.Exists(fullPath);
        string type = link is not null ? "symlink" : isDir ? "dir" : "file";
        // --chmod (octal or symbolic) replaces the mode, so its text stands for it.
        string perm = chmod ?? Convert.ToString((int)(isDir ? new DirectoryInfo(fullPath).UnixFileMode : info.UnixFileMode), 8);
        Append(total, $"{type} {name} {perm} {owner} {link ?? ""}\n");
        if (type != "file")
        {
            return null;
        }
        using var stream = File.OpenRead(fullPath);
        string hex = Convert.ToHexStringLower(SHA256.HashData(stream));
        Append(total, hex + "\n");
        return hex;
    }

    private static void Append(IncrementalHash h, string s) => h.AppendData(Encoding.UTF8.GetBytes(s));
}
