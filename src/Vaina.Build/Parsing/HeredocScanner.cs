using System.Globalization;
using System.Text.RegularExpressions;
using Vaina.Build.Expansion;

namespace Vaina.Build.Parsing;

/// <summary>Finds heredoc markers (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-"EOF"</c>, <c>3&lt;&lt;EOF</c>) in an instruction line.</summary>
internal static partial class HeredocScanner
{
    [GeneratedRegex(@"^(\d*)<<(-?)\s*([^<]*)$")]
    private static partial Regex HeredocWord();

    public readonly record struct Marker(string Name, bool Expand, bool Chomp, int FileDescriptor);

    public static List<Marker> FromLine(string line)
    {
        var lexer = new ShellLexer('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
        IReadOnlyList<string> words;
        try
        {
            words = lexer.ProcessWords(line, Empty);
        }
        catch (FormatException)
        {
            return [];
        }
        var markers = new List<Marker>();
        foreach (string word in words)
        {
            if (Parse(word) is { } m)
            {
                markers.Add(m);
            }
        }
        return markers;
    }

    public static Marker? Parse(string word)
    {
        var match = HeredocWord().Match(word);
        if (!match.Success || match.Groups[3].Value.Length == 0)
        {
            return null;
        }
        string rest = match.Groups[3].Value;
        var plain = new ShellLexer('\\') { SkipUnsetEnv = true };
        var raw = new ShellLexer('\\') { SkipUnsetEnv = true, RawQuotes = true };
        IReadOnlyList<string> words, rawWords;
        try
        {
            words = plain.ProcessWords(rest, Empty);
            rawWords = raw.ProcessWords(rest, Empty);
        }
        catch (FormatException)
        {
            return null;
        }
        if (words.Count != 1 || rawWords.Count != 1)
        {
            return null;
        }
        // A quoted delimiter (any part of it) disables expansion of the body, as in the shell.
        bool expand = QuoteCount(words[0]) == QuoteCount(rawWords[0]);
        int fd = match.Groups[1].Value.Length > 0 ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Marker(words[0], expand, match.Groups[2].Value == "-", fd);
    }

    /// <summary>True when a shell-form command is nothing but one heredoc marker (<c>RUN &lt;&lt;EOF</c>).</summary>
    public static bool IsOnlyHeredoc(string command)
    {
        string trimmed = command.Trim();
        return !trimmed.Contains(' ', StringComparison.Ordinal) && Parse(trimmed) is not null;
    }

    private static int QuoteCount(string s) => s.Count(c => c is '\'' or '"');

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
