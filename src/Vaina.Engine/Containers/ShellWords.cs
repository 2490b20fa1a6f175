using System.Text;

namespace Vaina.Engine.Containers;

/// <summary>
/// Splits a command line into words as github.com/google/shlex does (Podman's runlabel): blanks separate words,
/// single quotes are literal, a backslash escapes the next character (also inside double quotes), and a '#'
/// that starts a word begins a comment.
/// </summary>
public static class ShellWords
{
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            if (c == '#' && !inWord)
            {
                break;
            }

            inWord = true;
            if (c == '\\')
            {
                i = Escaped(text, i, word);
            }
            else if (c == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                word.Append(text, i + 1, (end < 0 ? text.Length : end) - i - 1);
                i = end < 0 ? Unclosed("single quote") : end;
            }
            else if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\')
                    {
                        i = Escaped(text, i, word);
                    }
                    else
                    {
                        word.Append(text[i]);
                    }
                }

                if (i >= text.Length)
                {
                    Unclosed("double quote");
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static int Escaped(string text, int i, StringBuilder word)
    {
        if (i + 1 >= text.Length)
        {
            throw new VainaException("EOF found after escape character");
        }

        word.Append(text[i + 1]);
        return i + 1;
    }

    private static int Unclosed(string what) => throw new VainaException($"EOF found when expecting closing {what}");
}
