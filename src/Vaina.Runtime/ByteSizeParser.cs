using System.Globalization;

namespace Vaina.Runtime;

/// <summary>Parses sizes the way docker/go-units RAMInBytes does: "64m", "1.5g", "512k", "100", binary multiples.</summary>
public static class ByteSizeParser
{
    /// <summary>Returns the number of bytes, or throws "invalid size: '12x'".</summary>
    public static long Parse(string text)
    {
        if (!TryParse(text, out long bytes))
        {
            throw new FormatException($"invalid size: '{text}'");
        }

        return bytes;
    }

    public static bool TryParse(string text, out long bytes) => TryParse(text, 1024, out bytes);

    /// <summary>
    /// As go-units FromHumanSize: the same syntax with decimal multiples ("65536k" is 65 536 000 bytes). Podman reads
    /// containers.conf's shm_size this way, and --shm-size with RAMInBytes.
    /// </summary>
    public static bool TryParseDecimal(string text, out long bytes) => TryParse(text, 1000, out bytes);

    private static bool TryParse(string text, int unitBase, out long bytes)
    {
        bytes = 0;
        ReadOnlySpan<char> s = text.AsSpan();
        int i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }

        if (i == 0 || !double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
        {
            return false;
        }

        ReadOnlySpan<char> suffix = s[i..];
        if (suffix.Length > 0 && suffix[0] == ' ')
        {
            suffix = suffix[1..];
        }

        double multiplier = 1;
        if (suffix.Length > 0)
        {
            int power = char.ToLowerInvariant(suffix[0]) switch
            {
                'k' => 1,
                'm' => 2,
                'g' => 3,
                't' => 4,
                'p' => 5,
                'b' => 0,
                _ => -1,
            };
            if (power < 0)
            {
                return false;
            }

            multiplier = Math.Pow(unitBase, power);
            ReadOnlySpan<char> rest = power == 0 ? suffix[1..] : suffix[1..];
            if (power == 0 && rest.Length > 0)
            {
                return false;
            }

            if (rest.Length > 0 && (rest[0] == 'i' || rest[0] == 'I'))
            {
                rest = rest[1..];
            }

            if (rest.Length > 0 && (rest[0] == 'b' || rest[0] == 'B'))
            {
                rest = rest[1..];
            }

            if (rest.Length > 0)
            {
                return false;
            }
        }

        bytes = (long)(number * multiplier);
        return true;
    }
}
