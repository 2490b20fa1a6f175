using System.Globalization;

namespace Vaina.Build.Parsing;

/// <summary>Go's time.ParseDuration (HEALTHCHECK takes Go durations: 30s, 1m30s, 500ms, 1.5h).</summary>
public static class GoDuration
{
    public static TimeSpan Parse(string s)
    {
        string orig = s;
        if (s is "0" or "+0" or "-0")
        {
            return TimeSpan.Zero;
        }
        bool negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0)
        {
            throw Invalid(orig);
        }
        double totalNs = 0;
        while (s.Length > 0)
        {
            int i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            if (i == 0 || !double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n))
            {
                throw Invalid(orig);
            }
            s = s[i..];
            int j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]) && s[j] != '.')
            {
                j++;
            }
            double unit = s[..j] switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                "" => throw new FormatException($"time: missing unit in duration \"{orig}\""),
                _ => throw new FormatException($"time: unknown unit \"{s[..j]}\" in duration \"{orig}\""),
            };
            s = s[j..];
            totalNs += n * unit;
        }
        var span = TimeSpan.FromTicks((long)Math.Round(totalNs / 100));
        return negative ? -span : span;
    }

    /// <summary>Formats like Go's Duration.String for whole units used in messages (1ms, 30s, 1m30s).</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero)
        {
            return "0s";
        }
        if (d < TimeSpan.FromSeconds(1))
        {
            return (d.Ticks / 10_000.0).ToString(CultureInfo.InvariantCulture) + "ms";
        }
        string result = "";
        if (d.Hours > 0 || d.Days > 0)
        {
            result += ((int)d.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
        }
        if (result.Length > 0 || d.Minutes > 0)
        {
            result += d.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }
        double secs = d.Seconds + (d.Ticks % TimeSpan.TicksPerSecond) / (double)TimeSpan.TicksPerSecond;
        return result + secs.ToString(CultureInfo.InvariantCulture) + "s";
    }

    private static FormatException Invalid(string s) => new($"time: invalid duration \"{s}\"");
}
