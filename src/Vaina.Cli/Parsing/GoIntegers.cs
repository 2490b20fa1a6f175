namespace Vaina.Cli.Parsing;

/// <summary>
/// Go's strconv.ParseInt/ParseUint with base 0, which pflag's integer flags use: "0x1f", "0o17", "017" (octal),
/// "0b101" and "1_000" are numbers, and a failure is "invalid syntax" or "value out of range" as Go words it.
/// </summary>
public static class GoIntegers
{
    public const string InvalidSyntax = "invalid syntax";
    public const string OutOfRange = "value out of range";

    /// <summary>ParseUint(s, 0, bitSize): the value, or null with Go's reason in <paramref name="error"/>.</summary>
    public static ulong? ParseUnsigned(string s, int bitSize, out string? error)
    {
        error = null;
        if (s.Length == 0)
        {
            error = InvalidSyntax;
            return null;
        }

        int numberBase = 10;
        int start = 0;
        if (s[0] == '0')
        {
            if (s.Length >= 3 && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
            {
                numberBase = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
                start = 2;
            }
            else
            {
                numberBase = 8;
                start = 1;
            }
        }

        ulong max = bitSize >= 64 ? ulong.MaxValue : (1UL << bitSize) - 1;
        ulong cutoff = (ulong.MaxValue / (ulong)numberBase) + 1;
        ulong n = 0;
        bool underscores = false;
        for (int i = start; i < s.Length; i++)
        {
            char c = s[i];
            int digit;
            if (c == '_')
            {
                underscores = true;
                continue;
            }
            else if (c is >= '0' and <= '9')
            {
                digit = c - '0';
            }
            else if (char.ToLowerInvariant(c) is >= 'a' and <= 'z')
            {
                digit = char.ToLowerInvariant(c) - 'a' + 10;
            }
            else
            {
                error = InvalidSyntax;
                return null;
            }

            if (digit >= numberBase)
            {
                error = InvalidSyntax;
                return null;
            }

            if (n >= cutoff)
            {
                error = OutOfRange;
                return null;
            }

            n *= (ulong)numberBase;
            ulong next = n + (ulong)digit;
            if (next < n || next > max)
            {
                error = OutOfRange;
                return null;
            }

            n = next;
        }

        if (underscores && !UnderscoresOk(s))
        {
            error = InvalidSyntax;
            return null;
        }

        return n;
    }

    /// <summary>ParseInt(s, 0, bitSize): an optional sign, then <see cref="ParseUnsigned"/>'s forms.</summary>
    public static long? ParseSigned(string s, int bitSize, out string? error)
    {
        error = null;
        if (s.Length == 0)
        {
            error = InvalidSyntax;
            return null;
        }

        bool negative = s[0] == '-';
        string digits = s[0] is '+' or '-' ? s[1..] : s;
        if (ParseUnsigned(digits, 64, out error) is not { } magnitude)
        {
            return null;
        }

        ulong cutoff = 1UL << (bitSize - 1);
        if ((!negative && magnitude >= cutoff) || (negative && magnitude > cutoff))
        {
            error = OutOfRange;
            return null;
        }

        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    /// <summary>Go's underscoreOK: an underscore only between digits, or between a base prefix and a digit.</summary>
    private static bool UnderscoresOk(string s)
    {
        // 'x' = a digit or a base prefix, '_' = an underscore, '!' = anything else.
        char last = '^';
        int i = 0;
        if (s.Length >= 1 && s[0] is '-' or '+')
        {
            s = s[1..];
        }

        bool hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'b' or 'o' or 'x')
        {
            i = 2;
            last = '0';
            hex = char.ToLowerInvariant(s[1]) == 'x';
        }

        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c is >= '0' and <= '9' || (hex && char.ToLowerInvariant(c) is >= 'a' and <= 'f'))
            {
                last = '0';
                continue;
            }

            if (c == '_')
            {
                if (last != '0')
                {
                    return false;
                }

                last = '_';
                continue;
            }

            if (last == '_')
            {
                return false;
            }

            last = '!';
        }

        return last != '_';
    }
}
