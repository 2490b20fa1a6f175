using System.Globalization;

namespace Vaina.Network;

/// <summary>Go's RFC3339Nano text (trailing zeros of the fraction dropped), as Podman writes times in network files.</summary>
public static class GoTime
{
    public static string Format(DateTimeOffset time)
    {
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture));
    }
}
