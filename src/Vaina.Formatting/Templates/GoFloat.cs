using System.Globalization;
using System.Text;

namespace Vaina.Formatting.Templates;

/// <summary>strconv.FormatFloat for 'e', 'f' and 'g' (prec -1 = shortest), Go's exponent style (e+06).</summary>
internal static class GoFloat
{
    public static string Format(double v, char fmt, int prec)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }
        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }
        bool neg = v < 0 || (v == 0 && double.IsNegative(v));
        double a = Math.Abs(v);
        bool shortest = prec < 0;
        string digits;
        int dp;
        char lower = char.ToLowerInvariant(fmt);
        if (shortest)
        {
            (digits, dp) = Decompose(a.ToString("R", CultureInfo.InvariantCulture));
            if (digits != "0")
            {
                digits = digits.TrimEnd('0');
            }
        }
        else if (lower == 'f')
        {
            (digits, dp) = Decompose(a.ToString("F" + prec, CultureInfo.InvariantCulture));
        }
        else
        {
            int sig = lower == 'e' ? prec + 1 : Math.Max(prec, 1);
            (digits, dp) = Decompose(a.ToString("E" + (sig - 1), CultureInfo.InvariantCulture));
            if (lower == 'g')
            {
                digits = digits.TrimEnd('0');
                if (digits.Length == 0)
                {
                    digits = "0";
                }
            }
        }
        var sb = new StringBuilder();
        if (neg)
        {
            sb.Append('-');
        }
        switch (lower)
        {
            case 'e':
                AppendE(sb, digits, dp, shortest ? digits.Length - 1 : prec, fmt);
                break;
            case 'f':
                AppendF(sb, digits, dp, shortest ? Math.Max(digits.Length - dp, 0) : prec);
                break;
            default:
                {
                    int eprec = shortest ? 6 : Math.Max(prec, 1);
                    if (!shortest && eprec > digits.Length && digits.Length >= dp)
                    {
                        eprec = digits.Length;
                    }
                    int exp = dp - 1;
                    if (digits == "0")
                    {
                        exp = 0;
                    }
                    if (exp < -4 || exp >= eprec)
                    {
                        AppendE(sb, digits, dp, digits.Length - 1, fmt == 'G' ? 'E' : 'e');
                    }
                    else
                    {
                        AppendF(sb, digits, dp, Math.Max(digits.Length - dp, 0));
                    }
                    break;
                }
        }
        return sb.ToString();
    }

    // Splits a .NET number rendering into significant digits and decimal point position.
    private static (string Digits, int Dp) Decompose(string s)
    {
        int exp = 0;
        int e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        int dot = s.IndexOf('.');
        string intPart = dot >= 0 ? s[..dot] : s;
        string frac = dot >= 0 ? s[(dot + 1)..] : "";
        string all = intPart + frac;
        int dp = intPart.Length + exp;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }
        all = all[lead..];
        dp -= lead;
        if (all.All(c => c == '0'))
        {
            return ("0", 1);
        }
        return (all, dp);
    }

    private static void AppendE(StringBuilder sb, string digits, int dp, int prec, char fmt)
    {
        sb.Append(digits[0]);
        if (prec > 0)
        {
            sb.Append('.');
            for (int i = 1; i <= prec; i++)
            {
                sb.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        int exp = digits == "0" ? 0 : dp - 1;
        sb.Append(fmt == 'E' ? 'E' : 'e').Append(exp < 0 ? '-' : '+');
        int ae = Math.Abs(exp);
        if (ae < 10)
        {
            sb.Append('0');
        }
        sb.Append(ae.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendF(StringBuilder sb, string digits, int dp, int prec)
    {
        if (dp > 0)
        {
            for (int i = 0; i < dp; i++)
            {
                sb.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        else
        {
            sb.Append('0');
        }
        if (prec > 0)
        {
            sb.Append('.');
            for (int i = 0; i < prec; i++)
            {
                int j = dp + i;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }
    }
}
