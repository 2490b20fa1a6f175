using System.Globalization;
using System.Net;

namespace Vaina.Network;

/// <summary>What the host already uses: interface names and routed subnets (so new networks avoid them).</summary>
public static class HostNetworkState
{
    public static IReadOnlyList<string> InterfaceNames()
        => Directory.Exists("/sys/class/net") ? Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>().ToList() : [];

    /// <summary>Destinations of the host's IPv4 and IPv6 routes, except default routes.</summary>
    public static IReadOnlyList<IPNetwork> RoutedSubnets()
    {
        var result = new List<IPNetwork>();
        if (File.Exists("/proc/net/route"))
        {
            foreach (var line in File.ReadLines("/proc/net/route").Skip(1))
            {
                var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (f.Length < 8 || !uint.TryParse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var dest)
                    || !uint.TryParse(f[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
                {
                    continue;
                }

                var prefix = BitOperations(mask);
                if (prefix == 0)
                {
                    continue;
                }

                result.Add(IpMath.Mask(new IPAddress(BitConverter.GetBytes(dest)), prefix));
            }
        }

        if (File.Exists("/proc/net/ipv6_route"))
        {
            foreach (var line in File.ReadLines("/proc/net/ipv6_route"))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || f[0].Length != 32 || !int.TryParse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var prefix) || prefix == 0 || f[9] == "lo")
                {
                    continue;
                }

                var address = new IPAddress(Convert.FromHexString(f[0]));
                if (address.IsIPv6LinkLocal || address.IsIPv6Multicast || prefix == 128)
                {
                    continue;
                }

                result.Add(IpMath.Mask(address, prefix));
            }
        }

        return result;
    }

    private static int BitOperations(uint networkOrderMask) => System.Numerics.BitOperations.PopCount(networkOrderMask);
}
