using System.Net;
using System.Net.Sockets;

namespace Vaina.Network;

/// <summary>Address arithmetic on IPv4 and IPv6 as 128-bit integers (IPAM, subnet pools, lease ranges).</summary>
public static class IpMath
{
    public static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public static IPAddress FromNumber(UInt128 value, AddressFamily family)
    {
        var length = family == AddressFamily.InterNetworkV6 ? 16 : 4;
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }

    public static int Bits(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;

    /// <summary>Number of addresses in the subnet (saturating for huge IPv6 ranges).</summary>
    public static UInt128 Size(IPNetwork subnet)
    {
        var hostBits = Bits(subnet.BaseAddress.AddressFamily) - subnet.PrefixLength;
        return hostBits >= 128 ? UInt128.MaxValue : UInt128.One << hostBits;
    }

    public static IPAddress First(IPNetwork subnet) => subnet.BaseAddress;

    public static IPAddress Last(IPNetwork subnet)
        => FromNumber(ToNumber(subnet.BaseAddress) + Size(subnet) - 1, subnet.BaseAddress.AddressFamily);

    public static IPAddress Add(IPAddress address, UInt128 offset)
        => FromNumber(ToNumber(address) + offset, address.AddressFamily);

    public static bool Overlaps(IPNetwork a, IPNetwork b)
        => a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    /// <summary>Parses "10.0.0.0/24" strictly (as Go's net.ParseCIDR, then masked to the network address).</summary>
    public static bool TryParseCidr(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        if (slash <= 0 || !IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix > Bits(address.AddressFamily) || address.ToString().Contains('%'))
        {
            return false;
        }

        network = Mask(address, prefix);
        return true;
    }

    public static IPNetwork Mask(IPAddress address, int prefix)
    {
        var bits = Bits(address.AddressFamily);
        var hostBits = bits - prefix;
        var value = ToNumber(address);
        var mask = hostBits >= 128 ? UInt128.Zero : (hostBits == 0 ? ~UInt128.Zero : ~((UInt128.One << hostBits) - 1));
        if (bits == 32)
        {
            mask &= 0xffffffff;
        }

        return new IPNetwork(FromNumber(value & mask, address.AddressFamily), prefix);
    }

    /// <summary>CIDR text of a network, as Podman writes it ("10.88.0.0/16").</summary>
    public static string Format(IPNetwork network) => $"{network.BaseAddress}/{network.PrefixLength}";
}
