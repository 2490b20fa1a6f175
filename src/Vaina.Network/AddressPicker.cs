using System.Net;
using System.Net.Sockets;

namespace Vaina.Network;

/// <summary>
/// The pure part of IPAM: the leasable range of a subnet (lease_range, else the subnet without its network
/// address and, for IPv4, broadcast), and the next free address after the last one handed out (round robin,
/// so a just-released address is not reused at once).
/// </summary>
public static class AddressPicker
{
    public static (IPAddress Start, IPAddress End) Range(NetworkSubnet subnet)
    {
        var net = Parse(subnet.Subnet);
        var v4 = net.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
        var first = IpMath.ToNumber(net.BaseAddress) + 1;
        var last = IpMath.ToNumber(IpMath.Last(net)) - (v4 ? 1u : 0u);
        if (net.PrefixLength >= IpMath.Bits(net.BaseAddress.AddressFamily) - 1)
        {
            // /31, /32 (and /127, /128): every address is usable.
            first = IpMath.ToNumber(net.BaseAddress);
            last = IpMath.ToNumber(IpMath.Last(net));
        }

        if (subnet.LeaseRange?.StartIp is { } s && IPAddress.TryParse(s, out var sip))
        {
            first = IpMath.ToNumber(sip);
        }

        if (subnet.LeaseRange?.EndIp is { } e && IPAddress.TryParse(e, out var eip))
        {
            last = IpMath.ToNumber(eip);
        }

        return (IpMath.FromNumber(first, net.BaseAddress.AddressFamily), IpMath.FromNumber(last, net.BaseAddress.AddressFamily));
    }

    /// <summary>The first free address after <paramref name="lastAllocated"/> (wrapping), skipping the gateway; null when full.</summary>
    public static IPAddress? NextFree(NetworkSubnet subnet, IPAddress? lastAllocated, Func<IPAddress, bool> isTaken)
    {
        var (start, end) = Range(subnet);
        var family = start.AddressFamily;
        var first = IpMath.ToNumber(start);
        var last = IpMath.ToNumber(end);
        if (last < first)
        {
            return null;
        }

        UInt128? gateway = subnet.Gateway is not null && IPAddress.TryParse(subnet.Gateway, out var gw) ? IpMath.ToNumber(gw) : null;
        var size = last - first + 1;
        var begin = first;
        if (lastAllocated is not null && lastAllocated.AddressFamily == family)
        {
            var cursor = IpMath.ToNumber(lastAllocated);
            if (cursor >= first && cursor < last)
            {
                begin = cursor + 1;
            }
        }

        // Bounded: IPv6 ranges are huge, but leases are few, so a free one comes quickly.
        var limit = size > 1_000_000 ? (UInt128)1_000_000 : size;
        for (UInt128 i = 0; i < limit; i++)
        {
            var candidate = begin + i;
            if (candidate > last)
            {
                candidate = first + (candidate - last - 1);
            }

            if (gateway == candidate)
            {
                continue;
            }

            var address = IpMath.FromNumber(candidate, family);
            if (!isTaken(address))
            {
                return address;
            }
        }

        return null;
    }

    public static IPNetwork Parse(string cidr)
        => IpMath.TryParseCidr(cidr, out var net) ? net : throw new VainaException($"invalid subnet {cidr}");
}
