using System.Text;

namespace Vaina.Build.Parsing;

/// <summary>Word splitting of the parser stage (BuildKit parseWords / extractBuilderFlags): quotes kept or removed, no expansion.</summary>
internal static class LineWords
{
    /// <summary>Splits on unquoted whitespace, keeping quotes and escapes in the words (expansion removes them later).</summary>
    public static List<string> Split(string rest, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false, blankOk = false;
        char quote = '\0';
        bool inQuote = false;
        for (int i = 0; i < rest.Length; i++)
        {
            char c = rest[i];
            if (!inWord && !inQuote)
            {
                if (char.IsWhiteSpace(c))
                {
                    continue;
                }
                inWord = true;
            }
            if (inQuote)
            {
                if (c == quote)
                {
                    inQuote = false;
                }
                else if (c == escape && quote != '\'')
                {
                    if (i + 1 == rest.Length)
                    {
                        inQuote = false;
                        continue;
                    }
                    word.Append(c);
                    c = rest[++i];
                }
                word.Append(c);
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (blankOk || word.Length > 0)
                {
                    words.Add(word.ToString());
                }
                word.Clear();
                blankOk = false;
                inWord = false;
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                blankOk = true;
                inQuote = true;
            }
            if (c == escape)
            {
                if (i + 1 == rest.Length)
                {
                    continue;
                }
                word.Append(c);
                c = rest[++i];
            }
            word.Append(c);
        }
        if ((inWord || inQuote) && (blankOk || word.Length > 0))
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>Whitespace split without quote handling (EXPOSE, FROM).</summary>
    public static List<string> SplitWhitespace(string rest) =>
        rest.Split([' ', '\t', '\v', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Leading <c>--flag[=value]</c> words (quotes removed); returns the rest of the line.</summary>
    public static (List<string> Flags, string Remainder) ExtractFlags(string line)
    {
        var flags = new List<string>();
        var word = new StringBuilder();
        bool inWord = false, inQuote = false, blankOk = false;
        char quote = '\0';
        for (int i = 0; i <= line.Length; i++)
        {
            bool end = i == line.Length;
            char c = end ? '\0' : line[i];
            if (!inWord && !inQuote)
            {
                if (end)
                {
                    break;
                }
                if (char.IsWhiteSpace(c))
                {
                    continue;
                }
                if (c != '-' || i + 1 == line.Length || line[i + 1] != '-')
                {
                    return (flags, line[i..]);
                }
                inWord = true;
            }
            if (end)
            {
                if (word.ToString() != "--" && (blankOk || word.Length > 0))
                {
                    flags.Add(word.ToString());
                }
                break;
            }
            if (inQuote)
            {
                if (c == quote)
                {
                    inQuote = false;
                    continue;
                }
                if (c == '\\')
                {
                    if (i + 1 == line.Length)
                    {
                        inQuote = false;
                        continue;
                    }
                    c = line[++i];
                }
                word.Append(c);
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
                if (word.ToString() == "--")
                {
                    return (flags, line[i..].TrimStart());
                }
                if (blankOk || word.Length > 0)
                {
                    flags.Add(word.ToString());
                }
                word.Clear();
                blankOk = false;
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                blankOk = true;
                inQuote = true;
                continue;
            }
            if (c == '\\')
            {
                if (i + 1 == line.Length)
                {
                    continue;
                }
                c = line[++i];
            }
            word.Append(c);
        }
        return (flags, "");
    }
}
