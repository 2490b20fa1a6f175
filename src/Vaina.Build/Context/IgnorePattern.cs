using System.Text;
using System.Text.RegularExpressions;

namespace Vaina.Build.Context;

/// <summary>One .containerignore/.dockerignore line compiled as moby/patternmatcher does.</summary>
public sealed class IgnorePattern
{
    private readonly Regex _regex;

    public IgnorePattern(string pattern)
    {
        Exclusion = pattern.StartsWith('!');
        Pattern = Exclusion ? pattern[1..] : pattern;
        _regex = new Regex(Compile(Pattern), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    /// <summary>The cleaned pattern without its leading '!'.</summary>
    public string Pattern { get; }

    /// <summary>A <c>!pattern</c> that re-includes what earlier patterns excluded.</summary>
    public bool Exclusion { get; }

    public bool Matches(string path) => _regex.IsMatch(path);

    /// <summary>
    /// Go filepath.Match plus <c>**</c>: <c>*</c> and <c>?</c> never cross '/', <c>**</c> matches any number of
    /// directories (also none), a trailing <c>**</c> matches everything below, <c>\</c> escapes.
    /// </summary>
    internal static string Compile(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }
                    sb.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                }
                else
                {
                    sb.Append("[^/]*");
                }
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                }
                else
                {
                    sb.Append(@"\\");
                }
            }
            else if (c == '[')
            {
                // A character class as in filepath.Match: [abc], [a-z], [^a]; '/' never matches.
                int end = pattern.IndexOf(']', i + 1 < pattern.Length && pattern[i + 1] == '^' ? i + 3 : i + 2);
                if (end < 0)
                {
                    throw new FormatException($"syntax error in pattern: {pattern}");
                }
                string body = pattern[(i + 1)..end];
                bool negate = body.StartsWith('^') || body.StartsWith('!');
                if (negate)
                {
                    body = body[1..];
                }
                sb.Append(negate ? "[^/" : "[").Append(body.Replace("\\", @"\\", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal)).Append(']');
                i = end;
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }
        return sb.Append('$').ToString();
    }
}
