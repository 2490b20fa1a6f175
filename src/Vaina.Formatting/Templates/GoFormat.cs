using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vaina.Formatting.Templates;

/// <summary>fmt.Sprint, fmt.Sprintln and fmt.Sprintf over template values.</summary>
internal static class GoFormat
{
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < args.Count; i++)
        {
            bool isString = args[i] is string or HeaderText;
            if (i > 0 && !isString && !(args[i - 1] is string or HeaderText))
            {
                sb.Append(' ');
            }
            GoValues.AppendValue(sb, args[i]);
        }
        return sb.ToString();
    }

    public static string Sprintln(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }
            GoValues.AppendValue(sb, args[i]);
        }
        return sb.Append('\n').ToString();
    }

    private struct Spec
    {
        public bool Minus;
        public bool Plus;
        public bool Sharp;
        public bool Zero;
        public bool Space;
        public int Width;
        public int Prec;
    }

    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        int argNum = 0;
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }
            i++;
            var spec = new Spec { Width = -1, Prec = -1 };
            for (; i < format.Length; i++)
            {
                char f = format[i];
                if (f == '-')
                {
                    spec.Minus = true;
                    spec.Zero = false;
                }
                else if (f == '+')
                {
                    spec.Plus = true;
                }
                else if (f == '#')
                {
                    spec.Sharp = true;
                }
                else if (f == '0')
                {
                    spec.Zero = !spec.Minus;
                }
                else if (f == ' ')
                {
                    spec.Space = true;
                }
                else
                {
                    break;
                }
            }
            if (i < format.Length && format[i] == '*')
            {
                i++;
                spec.Width = argNum < args.Count && args[argNum] is long w ? (int)w : -1;
                argNum++;
                if (spec.Width < -1)
                {
                    spec.Minus = true;
                    spec.Width = -spec.Width;
                }
            }
            else
            {
                spec.Width = ParseNum(format, ref i);
            }
            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    i++;
                    spec.Prec = argNum < args.Count && args[argNum] is long p ? (int)p : -1;
                    argNum++;
                }
                else
                {
                    spec.Prec = Math.Max(ParseNum(format, ref i), 0);
                }
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            char verb = format[i++];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (argNum >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            FormatArg(sb, verb, spec, args[argNum++]);
        }
        if (argNum < args.Count)
        {
            sb.Append("%!(EXTRA ");
            for (int k = argNum; k < args.Count; k++)
            {
                if (k > argNum)
                {
                    sb.Append(", ");
                }
                sb.Append(GoValues.TypeName(args[k])).Append('=');
                GoValues.AppendValue(sb, args[k]);
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static int ParseNum(string s, ref int i)
    {
        int start = i;
        int n = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            n = (n * 10) + (s[i] - '0');
            i++;
        }
        return i == start ? -1 : n;
    }

    private static void FormatArg(StringBuilder sb, char verb, Spec spec, object? arg)
    {
        if (arg is HeaderText h)
        {
            arg = h.Text;
        }
        if (arg is null || arg is NoValue)
        {
            if (verb == 'v')
            {
                Pad(sb, "<nil>", spec, false);
            }
            else
            {
                sb.Append("%!").Append(verb).Append("(<nil>)");
            }
            return;
        }
        if (arg is OverlayObject ov)
        {
            arg = GoValues.FromNode(ov.Data);
        }
        switch (arg)
        {
            case string s:
                FormatString(sb, verb, spec, s);
                return;
            case bool b:
                if (verb is 'v' or 't')
                {
                    Pad(sb, b ? "true" : "false", spec, false);
                    return;
                }
                break;
            case long l:
                if (FormatInteger(sb, verb, spec, l < 0, (ulong)(l < 0 ? -l : l)))
                {
                    return;
                }
                if (verb is 'e' or 'E' or 'f' or 'F' or 'g' or 'G')
                {
                    FormatFloat(sb, verb, spec, l);
                    return;
                }
                break;
            case ulong u:
                if (FormatInteger(sb, verb, spec, false, u))
                {
                    return;
                }
                break;
            case double d:
                if (verb is 'v' or 'e' or 'E' or 'f' or 'F' or 'g' or 'G')
                {
                    FormatFloat(sb, verb == 'v' ? 'g' : verb, spec, d);
                    return;
                }
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }
                    FormatArg(sb, verb, spec, list[i]);
                }
                sb.Append(']');
                return;
            case JsonObject o when GoValues.IsMapLike(o):
                sb.Append("map[");
                bool first = true;
                foreach (string key in GoValues.SortedKeys(o))
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }
                    first = false;
                    FormatArg(sb, verb, spec, key);
                    sb.Append(':');
                    FormatArg(sb, verb, spec, GoValues.FromNode(o[key]));
                }
                sb.Append(']');
                return;
            case JsonObject:
                if (verb is 'v' or 's')
                {
                    Pad(sb, GoValues.Print(arg), spec, false);
                    return;
                }
                break;
        }
        sb.Append("%!").Append(verb).Append('(').Append(GoValues.TypeName(arg)).Append('=');
        GoValues.AppendValue(sb, arg);
        sb.Append(')');
    }

    private static void FormatString(StringBuilder sb, char verb, Spec spec, string s)
    {
        switch (verb)
        {
            case 'v' or 's':
                if (spec.Prec >= 0)
                {
                    s = TruncateRunes(s, spec.Prec);
                }
                Pad(sb, s, spec, false);
                return;
            case 'q':
                Pad(sb, spec.Sharp && !s.Contains('`') ? "`" + s + "`" : GoQuote.Quote(s), spec, false);
                return;
            case 'x' or 'X':
                {
                    var hex = new StringBuilder();
                    byte[] bytes = Encoding.UTF8.GetBytes(spec.Prec >= 0 ? s[..Math.Min(spec.Prec, s.Length)] : s);
                    foreach (byte b in bytes)
                    {
                        if (spec.Space && hex.Length > 0)
                        {
                            hex.Append(' ');
                        }
                        hex.Append(b.ToString(verb == 'x' ? "x2" : "X2", CultureInfo.InvariantCulture));
                    }
                    Pad(sb, hex.ToString(), spec, false);
                    return;
                }
            default:
                sb.Append("%!").Append(verb).Append("(string=").Append(s).Append(')');
                return;
        }
    }

    private static string TruncateRunes(string s, int n)
    {
        int count = 0;
        int i = 0;
        while (i < s.Length && count < n)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
            count++;
        }
        return s[..i];
    }

    private static bool FormatInteger(StringBuilder sb, char verb, Spec spec, bool negative, ulong magnitude)
    {
        string digits;
        string prefix = "";
        switch (verb)
        {
            case 'v' or 'd':
                digits = magnitude.ToString(CultureInfo.InvariantCulture);
                break;
            case 'x':
                digits = magnitude.ToString("x", CultureInfo.InvariantCulture);
                prefix = spec.Sharp ? "0x" : "";
                break;
            case 'X':
                digits = magnitude.ToString("X", CultureInfo.InvariantCulture);
                prefix = spec.Sharp ? "0X" : "";
                break;
            case 'o':
                digits = Convert.ToString((long)magnitude, 8);
                prefix = spec.Sharp ? "0" : "";
                break;
            case 'O':
                digits = Convert.ToString((long)magnitude, 8);
                prefix = "0o";
                break;
            case 'b':
                digits = Convert.ToString((long)magnitude, 2);
                break;
            case 'c':
                Pad(sb, char.ConvertFromUtf32((int)magnitude), spec, false);
                return true;
            case 'q':
                Pad(sb, "'" + char.ConvertFromUtf32((int)magnitude) + "'", spec, false);
                return true;
            case 'U':
                Pad(sb, "U+" + magnitude.ToString("X4", CultureInfo.InvariantCulture), spec, false);
                return true;
            default:
                return false;
        }
        if (spec.Prec >= 0)
        {
            digits = spec.Prec == 0 && magnitude == 0 ? "" : digits.PadLeft(spec.Prec, '0');
        }
        string sign = negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        PadNumber(sb, sign + prefix, digits, spec, spec.Prec < 0);
        return true;
    }

    private static void FormatFloat(StringBuilder sb, char verb, Spec spec, double d)
    {
        string s = GoFloat.Format(Math.Abs(d), verb, verb is 'f' or 'F' or 'e' or 'E' ? (spec.Prec < 0 ? 6 : spec.Prec) : spec.Prec);
        bool negative = d < 0 || (d == 0 && double.IsNegative(d));
        string sign = negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        PadNumber(sb, sign, s, spec, true);
    }

    private static void PadNumber(StringBuilder sb, string sign, string digits, Spec spec, bool zeroAllowed)
    {
        int len = sign.Length + digits.Length;
        if (spec.Width > len && spec.Zero && zeroAllowed && !spec.Minus)
        {
            sb.Append(sign).Append('0', spec.Width - len).Append(digits);
            return;
        }
        Pad(sb, sign + digits, spec, false);
    }

    private static void Pad(StringBuilder sb, string s, Spec spec, bool zero)
    {
        int runes = RuneCount(s);
        if (spec.Width <= runes)
        {
            sb.Append(s);
            return;
        }
        int n = spec.Width - runes;
        if (spec.Minus)
        {
            sb.Append(s).Append(' ', n);
        }
        else
        {
            sb.Append(zero || spec.Zero ? '0' : ' ', n).Append(s);
        }
    }

    public static int RuneCount(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!char.IsLowSurrogate(s[i]))
            {
                n++;
            }
        }
        return n;
    }
}
