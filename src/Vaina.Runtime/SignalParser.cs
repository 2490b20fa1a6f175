using System.Globalization;

namespace Vaina.Runtime;

/// <summary>Parses signal names and numbers like Podman's ParseSignal: "SIGTERM", "term", "15", "RTMIN+3".</summary>
public static class SignalParser
{
    private static readonly Dictionary<string, int> Signals = new(StringComparer.Ordinal)
    {
        ["ABRT"] = 6,
        ["ALRM"] = 14,
        ["BUS"] = 7,
        ["CHLD"] = 17,
        ["CLD"] = 17,
        ["CONT"] = 18,
        ["FPE"] = 8,
        ["HUP"] = 1,
        ["ILL"] = 4,
        ["INT"] = 2,
        ["IO"] = 29,
        ["IOT"] = 6,
        ["KILL"] = 9,
        ["PIPE"] = 13,
        ["POLL"] = 29,
        ["PROF"] = 27,
        ["PWR"] = 30,
        ["QUIT"] = 3,
        ["SEGV"] = 11,
        ["STKFLT"] = 16,
        ["STOP"] = 19,
        ["SYS"] = 31,
        ["TERM"] = 15,
        ["TRAP"] = 5,
        ["TSTP"] = 20,
        ["TTIN"] = 21,
        ["TTOU"] = 22,
        ["URG"] = 23,
        ["USR1"] = 10,
        ["USR2"] = 12,
        ["VTALRM"] = 26,
        ["WINCH"] = 28,
        ["XCPU"] = 24,
        ["XFSZ"] = 25,
        ["RTMIN"] = 34,
        ["RTMAX"] = 64,
    };

    /// <summary>Returns the signal number or throws Podman's "invalid signal: X".</summary>
    public static int Parse(string raw)
    {
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            if (number <= 0 || number > 64)
            {
                throw new VainaException($"invalid signal: {raw}");
            }

            return number;
        }

        string name = raw.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        if (Signals.TryGetValue(name, out int sig))
        {
            return sig;
        }

        foreach ((string prefix, int baseNumber, int sign) in new[] { ("RTMIN+", 34, 1), ("RTMAX-", 64, -1) })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int offset)
                && offset is >= 0 and <= 30)
            {
                return baseNumber + (sign * offset);
            }
        }

        throw new VainaException($"invalid signal: {raw}");
    }

    /// <summary>The conventional name of a signal number ("SIGTERM"), for messages and inspect.</summary>
    public static string Name(int signal)
    {
        foreach (KeyValuePair<string, int> pair in Signals)
        {
            if (pair.Value == signal && pair.Key is not ("CLD" or "IOT" or "POLL"))
            {
                return "SIG" + pair.Key;
            }
        }

        return signal.ToString(CultureInfo.InvariantCulture);
    }
}
