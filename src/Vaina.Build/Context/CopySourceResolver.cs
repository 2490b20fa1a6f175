namespace Vaina.Build.Context;

/// <summary>
/// Resolves COPY/ADD sources under a root: paths cannot leave the root (<c>../x</c> is <c>x</c>), wildcards match
/// per path component with Go filepath.Match rules, ignored paths are dropped. A directory source means its contents.
/// Symlinks on the way (and a symlink source itself) are followed inside the root (<see cref="RootedPath"/>), so
/// <see cref="CopySourceMatch.FullPath"/> never points outside it.
/// </summary>
public static class CopySourceResolver
{
    public static IReadOnlyList<CopySourceMatch> Resolve(string root, string source, IgnoreMatcher? ignore = null)
    {
        ignore ??= IgnoreMatcher.Empty;
        string clean = IgnoreMatcher.CleanPath("/" + source).TrimStart('/');
        var matches = new List<CopySourceMatch>();
        if (clean.Length == 0)
        {
            matches.Add(new CopySourceMatch("", Path.GetFullPath(root), true));
            return matches;
        }
        if (!HasWildcard(clean))
        {
            string full = RootedPath.Resolve(root, clean);
            bool isDir = Directory.Exists(full);
            if ((isDir || File.Exists(full)) && !ignore.IsExcluded(clean))
            {
                matches.Add(new CopySourceMatch(clean, full, isDir));
            }
        }
        else
        {
            var candidates = new List<string> { "" };
            foreach (string component in clean.Split('/'))
            {
                var next = new List<string>();
                foreach (string c in candidates)
                {
                    string dir = RootedPath.Resolve(root, c);
                    if (!Directory.Exists(dir))
                    {
                        continue;
                    }
                    if (!HasWildcard(component))
                    {
                        string name = Unescape(component);
                        string p = Path.Combine(dir, name);
                        if (Directory.Exists(p) || File.Exists(p))
                        {
                            next.Add(c.Length == 0 ? name : c + "/" + name);
                        }
                        continue;
                    }
                    var pattern = new IgnorePattern(component);
                    foreach (var e in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
                    {
                        if (pattern.Matches(e.Name))
                        {
                            next.Add(c.Length == 0 ? e.Name : c + "/" + e.Name);
                        }
                    }
                }
                candidates = next;
            }
            foreach (string rel in candidates)
            {
                if (!ignore.IsExcluded(rel))
                {
                    string full = RootedPath.Resolve(root, rel);
                    matches.Add(new CopySourceMatch(rel, full, Directory.Exists(full)));
                }
            }
        }
        if (matches.Count == 0)
        {
            throw new VainaException($"checking on sources under \"{root}\": copier: stat: \"/{clean}\": no such file or directory");
        }
        return matches;
    }

    /// <summary>Whether a path has unescaped <c>*</c>, <c>?</c> or <c>[</c>.</summary>
    public static bool HasWildcard(string path)
    {
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\')
            {
                i++;
            }
            else if (path[i] is '*' or '?' or '[')
            {
                return true;
            }
        }
        return false;
    }

    private static string Unescape(string s) => s.Replace("\\", "", StringComparison.Ordinal);
}
