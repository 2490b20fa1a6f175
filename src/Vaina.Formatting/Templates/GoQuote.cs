using System.Globalization;
using System.Text;

namespace Vaina.Formatting.Templates;

/// <summary>Go's strconv quoting and unquoting rules (Quote, Unquote, %#U).</summary>
internal static class GoQuote
{
    public static string QuoteRune(char c) => $"U+{(int)c:X4} '{c}'";

    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendQuoted(sb, s);
        return sb.ToString();
    }

    public static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\ufffd");
                    }
                    else if (c >= 0x80 && (char.IsControl(c) || c is '\u2028' or '\u2029' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    public static string Unquote(string literal, Func<string, Exception> error)
    {
        if (literal.StartsWith('`'))
        {
            return literal[1..^1].Replace("\r", "", StringComparison.Ordinal);
        }
        var sb = new StringBuilder(literal.Length);
        string body = literal[1..^1];
        for (int i = 0; i < body.Length;)
        {
            if (body[i] != '\\')
            {
                sb.Append(body[i++]);
                continue;
            }
            i = AppendEscape(sb, body, i + 1, '"', error);
        }
        return sb.ToString();
    }

    public static int UnquoteChar(string literal, Func<string, Exception> error)
    {
        string body = literal[1..^1];
        if (body.Length == 0)
        {
            throw error($"malformed character constant: {literal}");
        }
        if (body[0] != '\\')
        {
            return char.ConvertToUtf32(body, 0);
        }
        var sb = new StringBuilder();
        AppendEscape(sb, body, 1, '\'', error);
        string s = sb.ToString();
        return s.Length == 0 ? 0 : char.ConvertToUtf32(s, 0);
    }

    private static int AppendEscape(StringBuilder sb, string body, int i, char quote, Func<string, Exception> error)
    {
        if (i >= body.Length)
        {
            throw error("invalid syntax");
        }
        char c = body[i++];
        switch (c)
        {
            case 'a': sb.Append('\a'); return i;
            case 'b': sb.Append('\b'); return i;
            case 'f': sb.Append('\f'); return i;
            case 'n': sb.Append('\n'); return i;
            case 'r': sb.Append('\r'); return i;
            case 't': sb.Append('\t'); return i;
            case 'v': sb.Append('\v'); return i;
            case '\\': sb.Append('\\'); return i;
            case 'x' or 'u' or 'U':
                {
                    int n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                    if (i + n > body.Length || !int.TryParse(body.AsSpan(i, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v))
                    {
                        throw error("invalid syntax");
                    }
                    if (c == 'x')
                    {
                        sb.Append((char)v);
                    }
                    else
                    {
                        sb.Append(char.ConvertFromUtf32(v));
                    }
                    return i + n;
                }
            case >= '0' and <= '7':
                {
                    if (i + 2 > body.Length)
                    {
                        throw error("invalid syntax");
                    }
                    int v = Convert.ToInt32(body.Substring(i - 1, 3), 8);
                    sb.Append((char)v);
                    return i + 2;
                }
            default:
                if (c == quote)
                {
                    sb.Append(c);
                    return i;
                }
                throw error("invalid syntax");
        }
    }
}
