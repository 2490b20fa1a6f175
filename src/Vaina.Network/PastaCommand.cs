using System.Globalization;

namespace Vaina.Network;

/// <summary>
/// pasta's command line for a container namespace, as Podman builds it: --config-net, one -t/-u per published
/// port range ([HOSTIP/]HOST-HOSTEND:CTR-CTREND), the user's options (--network pasta:OPTS, then containers.conf
/// pasta_options), "none" for every direction the options leave unset (pasta would forward every port
/// otherwise), --no-map-gw unless --map-gw was asked for, and --netns PATH.
/// </summary>
public static class PastaCommand
{
    public static List<string> BuildArguments(string netnsPath, IReadOnlyList<NetavarkPortMapping> ports, IReadOnlyList<string> userOptions, string pidFile)
    {
        var args = new List<string> { "--config-net" };
        foreach (var port in ports)
        {
            foreach (var protocol in port.Protocol.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                args.Add(protocol switch
                {
                    "tcp" => "-t",
                    "udp" => "-u",
                    _ => throw new VainaException($"can't forward protocol: {protocol}"),
                });
                var address = port.HostIp.Length > 0 ? port.HostIp + "/" : string.Empty;
                args.Add(string.Create(CultureInfo.InvariantCulture, $"{address}{port.HostPort}-{port.HostPort + port.Range - 1}:{port.ContainerPort}-{port.ContainerPort + port.Range - 1}"));
            }
        }

        args.AddRange(userOptions);
        bool Has(string shortName, string longName) => args.Any(a => a == shortName || a == longName || a.StartsWith(longName + "=", StringComparison.Ordinal));
        foreach (var (shortName, longName) in new[] { ("-t", "--tcp-ports"), ("-u", "--udp-ports"), ("-T", "--tcp-ns"), ("-U", "--udp-ns") })
        {
            if (!Has(shortName, longName))
            {
                args.AddRange([shortName, "none"]);
            }
        }

        if (!args.Contains("--map-gw"))
        {
            args.Add("--no-map-gw");
        }

        args.AddRange(["--quiet", "--pid", pidFile, "--netns", netnsPath]);
        return args;
    }

    /// <summary>The options of `--network pasta:OPTS`: comma-separated command-line arguments.</summary>
    public static IReadOnlyList<string> ParseModeOptions(string mode)
    {
        var colon = mode.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? [] : mode[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
    }
}
