namespace Vaina.Build.Context;

/// <summary>
/// The patterns of an ignore file. A path is excluded when the last pattern matching it or one of its parent
/// directories is not a <c>!</c> exception (moby/patternmatcher MatchesOrParentMatches).
/// </summary>
public sealed class IgnoreMatcher
{
    public static readonly IgnoreMatcher Empty = new([]);

    public IgnoreMatcher(IEnumerable<string> patterns)
    {
        Patterns = patterns.Select(p => new IgnorePattern(p)).ToList();
    }

    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>Whether any <c>!</c> exception exists (then an excluded directory may still contain included files).</summary>
    public bool HasExclusions => Patterns.Any(p => p.Exclusion);

    /// <summary>Parses ignore-file text: # comments, blank lines skipped, patterns trimmed and cleaned, leading '/' dropped.</summary>
    public static IgnoreMatcher Parse(string text)
    {
        var patterns = new List<string>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }
            if (line.StartsWith('#'))
            {
                continue;
            }
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            bool invert = line[0] == '!';
            if (invert)
            {
                line = line[1..].Trim();
            }
            if (line.Length > 0)
            {
                line = CleanPath(line);
                if (line.Length > 1 && line[0] == '/')
                {
                    line = line[1..];
                }
            }
            patterns.Add(invert ? "!" + line : line);
        }
        return new IgnoreMatcher(patterns);
    }

    /// <summary>Whether <paramref name="relativePath"/> (slash-separated, relative to the context) is excluded.</summary>
    public bool IsExcluded(string relativePath)
    {
        string file = CleanPath(relativePath).TrimStart('/');
        int slash = file.LastIndexOf('/');
        string[] parents = slash < 0 ? [] : file[..slash].Split('/');
        bool matched = false;
        foreach (var pattern in Patterns)
        {
            // An exception can only flip an excluded path back, and an exclusion only an included one.
            if (pattern.Exclusion != matched)
            {
                continue;
            }
            bool match = pattern.Matches(file);
            for (int i = 0; !match && i < parents.Length; i++)
            {
                match = pattern.Matches(string.Join('/', parents.Take(i + 1)));
            }
            if (match)
            {
                matched = !pattern.Exclusion;
            }
        }
        return matched;
    }

    /// <summary>Go filepath.Clean for slash paths.</summary>
    public static string CleanPath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        bool rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }
                continue;
            }
            parts.Add(part);
        }
        string joined = string.Join('/', parts);
        return rooted ? "/" + joined : (joined.Length == 0 ? "." : joined);
    }
}
