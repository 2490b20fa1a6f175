using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// The annotations Podman 4.3.1 gives a container: at create the TTY and autoremove/init/privileged/publish-all
    /// markers (what inspect shows before the first start); in the spec of a start also the manager, the creation
    /// time and the stop signal as a number (SIGRTMIN+3, 37, in --systemd mode). The user's --annotation wins.
    /// </summary>
    internal static Dictionary<string, string> PodmanAnnotations(ContainerRecord record, bool started, string? imageStopSignal)
    {
        var c = record.Config;
        static string Flag(bool value) => value ? "TRUE" : "FALSE";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (started)
        {
            result["io.container.manager"] = "libpod";
            result["io.kubernetes.cri-o.Created"] = GoTimestamp(record.Created);
        }

        result["io.kubernetes.cri-o.TTY"] = c.Tty ? "true" : "false";
        result["io.podman.annotations.autoremove"] = Flag(c.AutoRemove);
        result["io.podman.annotations.init"] = Flag(c.Init);
        result["io.podman.annotations.privileged"] = Flag(c.Privileged);
        result["io.podman.annotations.publish-all"] = Flag(c.Network.PublishAll);
        if (started)
        {
            result["org.opencontainers.image.stopSignal"] = StopSignalNumber(c.StopSignal ?? imageStopSignal).ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (k, v) in c.Annotations)
        {
            result[k] = v;
        }

        return result;
    }

    /// <summary>The stop signal as the number inspect's Config.StopSignal shows (SIGTERM, 15, when none or unknown).</summary>
    internal static int StopSignalNumber(string? signal)
    {
        try
        {
            return signal is null ? 15 : SignalParser.Parse(signal);
        }
        catch (VainaException)
        {
            return 15;
        }
    }

    /// <summary>Go's time.RFC3339Nano in UTC (trailing zeros of the fraction dropped).</summary>
    private static string GoTimestamp(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : string.Empty) + "Z";
    }
}
