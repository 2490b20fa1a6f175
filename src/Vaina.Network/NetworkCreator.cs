using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Vaina.Config;

namespace Vaina.Network;

/// <summary>
/// Turns a <see cref="NetworkCreateRequest"/> into a complete network definition the way Podman's libnetwork
/// does: name and bridge name picked when not given, a free subnet from default_subnet_pools (avoiding other
/// networks and the host's routes), gateway and lease range validated, DNS on for new bridge networks.
/// </summary>
public sealed class NetworkCreator
{
    private readonly IReadOnlyList<SubnetPool> _pools;
    private readonly Func<IReadOnlyList<string>> _hostInterfaces;
    private readonly Func<IReadOnlyList<IPNetwork>> _hostRoutes;

    public NetworkCreator(IReadOnlyList<SubnetPool> pools, Func<IReadOnlyList<string>>? hostInterfaces = null, Func<IReadOnlyList<IPNetwork>>? hostRoutes = null)
    {
        _pools = pools;
        _hostInterfaces = hostInterfaces ?? HostNetworkState.InterfaceNames;
        _hostRoutes = hostRoutes ?? HostNetworkState.RoutedSubnets;
    }

    public NetworkDefinition Create(NetworkCreateRequest request, IReadOnlyList<NetworkDefinition> existing)
    {
        var name = request.Name;
        if (string.IsNullOrEmpty(name))
        {
            name = FreeName("podman", existing.Select(n => n.Name).ToHashSet(StringComparer.Ordinal), 1);
        }
        else if (!NetworkConfigStore.NameRegex().IsMatch(name))
        {
            throw new VainaException($"network name {name} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }

        if (existing.Any(n => n.Name == name))
        {
            throw new VainaException($"network name {name} already used: network already exists");
        }

        var driver = string.IsNullOrEmpty(request.Driver) ? "bridge" : request.Driver;
        if (driver is not ("bridge" or "macvlan" or "ipvlan"))
        {
            throw new VainaException($"failed to find driver or plugin \"{driver}\"");
        }

        if (request.Gateways.Count > request.Subnets.Count || request.IpRanges.Count > request.Subnets.Count)
        {
            throw new VainaException(request.Subnets.Count == 0
                ? "cannot set gateway or range without subnet"
                : request.Gateways.Count > request.Subnets.Count ? "cannot set more gateways than subnets" : "cannot set more ranges than subnets");
        }

        var network = new NetworkDefinition
        {
            Name = name,
            Id = RandomId(existing),
            Driver = driver,
            Internal = request.Internal,
            Labels = request.Labels.Count > 0 ? new Dictionary<string, string>(request.Labels) : null,
            Options = request.Options.Count > 0 ? new Dictionary<string, string>(request.Options) : null,
            IpamOptions = new Dictionary<string, string>(),
            Subnets = [],
        };
        if (!string.IsNullOrEmpty(request.IpamDriver))
        {
            if (request.IpamDriver is not ("host-local" or "dhcp" or "none"))
            {
                throw new VainaException($"unsupported ipam driver \"{request.IpamDriver}\"");
            }

            network.IpamOptions["driver"] = request.IpamDriver;
        }

        for (var i = 0; i < request.Subnets.Count; i++)
        {
            if (!IpMath.TryParseCidr(request.Subnets[i], out var subnet))
            {
                throw new VainaException($"invalid CIDR address: {request.Subnets[i]}");
            }

            var entry = new NetworkSubnet { Subnet = IpMath.Format(subnet) };
            if (i < request.Gateways.Count)
            {
                if (!IPAddress.TryParse(request.Gateways[i], out var gw))
                {
                    throw new VainaException($"invalid argument \"{request.Gateways[i]}\" for \"--gateway\" flag: invalid string being converted to IP address: {request.Gateways[i]}");
                }

                entry.Gateway = gw.ToString();
            }

            if (i < request.IpRanges.Count)
            {
                if (!IpMath.TryParseCidr(request.IpRanges[i], out var range))
                {
                    throw new VainaException($"invalid CIDR address: {request.IpRanges[i]}");
                }

                entry.LeaseRange = new LeaseRange
                {
                    StartIp = IpMath.Add(range.BaseAddress, 1).ToString(),
                    EndIp = IpMath.FromNumber(IpMath.ToNumber(IpMath.Last(range)) - (range.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 1u : 0u), range.BaseAddress.AddressFamily).ToString(),
                };
            }

            network.Subnets.Add(entry);
        }

        var used = new List<IPNetwork>();
        if (driver == "bridge")
        {
            used.AddRange(UsedSubnets(existing));
            CreateBridge(network, request, existing, used);
            network.DnsEnabled = !request.DisableDns;
            network.IpamOptions.TryAdd("driver", "host-local");
            foreach (var (key, value) in request.Options)
            {
                ValidateBridgeOption(key, value);
            }
        }
        else
        {
            CreateMacvlanOrIpvlan(network, request);
        }

        if (network.IpamDriver == "none")
        {
            network.DnsEnabled = false;
            if (network.Subnets.Count > 0)
            {
                throw new VainaException("none ipam driver is set but subnets are given");
            }
        }

        if (request.DnsServers.Count > 0)
        {
            if (!network.DnsEnabled)
            {
                throw new VainaException("cannot set NetworkDNSServers if DNS is not enabled for the network: invalid argument");
            }

            network.NetworkDnsServers = request.DnsServers.ToList();
        }

        var addGateway = !network.Internal || network.DnsEnabled;
        foreach (var subnet in network.Subnets)
        {
            ValidateSubnet(subnet, addGateway, used);
            if (IpMath.TryParseCidr(subnet.Subnet, out var parsed) && parsed.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                network.Ipv6Enabled = true;
            }
        }

        if (network.Subnets.Count == 0)
        {
            network.Subnets = null;
        }

        network.Created = GoTime.Format(DateTimeOffset.Now);
        return network;
    }

    /// <summary>Subnets taken by other networks and routed on the host.</summary>
    public IEnumerable<IPNetwork> UsedSubnets(IReadOnlyList<NetworkDefinition> existing)
    {
        foreach (var network in existing)
        {
            foreach (var s in network.Subnets ?? [])
            {
                if (IpMath.TryParseCidr(s.Subnet, out var parsed))
                {
                    yield return parsed;
                }
            }
        }

        foreach (var route in _hostRoutes())
        {
            yield return route;
        }
    }

    /// <summary>The first subnet of the pools that overlaps nothing in <paramref name="used"/>.</summary>
    public static IPNetwork FreeSubnet(IReadOnlyList<SubnetPool> pools, IReadOnlyList<IPNetwork> used)
    {
        foreach (var pool in pools)
        {
            if (!IpMath.TryParseCidr(pool.Base, out var pbase) || pool.Size < pbase.PrefixLength || pool.Size > IpMath.Bits(pbase.BaseAddress.AddressFamily))
            {
                continue;
            }

            var step = UInt128.One << (IpMath.Bits(pbase.BaseAddress.AddressFamily) - pool.Size);
            var count = UInt128.One << (pool.Size - pbase.PrefixLength);
            var start = IpMath.ToNumber(pbase.BaseAddress);
            for (UInt128 i = 0; i < count; i++)
            {
                var candidate = new IPNetwork(IpMath.FromNumber(start + (i * step), pbase.BaseAddress.AddressFamily), pool.Size);
                if (!used.Any(u => IpMath.Overlaps(u, candidate)))
                {
                    return candidate;
                }
            }
        }

        throw new VainaException("could not find free subnet from subnet pools");
    }

    private void CreateBridge(NetworkDefinition network, NetworkCreateRequest request, IReadOnlyList<NetworkDefinition> existing, List<IPNetwork> used)
    {
        var bridgeNames = existing.Where(n => n.Driver == "bridge" && n.NetworkInterface is not null).Select(n => n.NetworkInterface!).ToHashSet(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(request.InterfaceName))
        {
            if (bridgeNames.Contains(request.InterfaceName))
            {
                throw new VainaException($"bridge name {request.InterfaceName} already in use");
            }

            if (!NetworkConfigStore.NameRegex().IsMatch(request.InterfaceName) || request.InterfaceName.Length > 15)
            {
                throw new VainaException($"bridge name {request.InterfaceName} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
            }

            network.NetworkInterface = request.InterfaceName;
        }
        else
        {
            bridgeNames.UnionWith(_hostInterfaces());
            network.NetworkInterface = FreeName("podman", bridgeNames, 0);
        }

        if (network.Subnets!.Count == 0 && network.IpamDriver != "none")
        {
            var free = FreeSubnet(_pools, used);
            network.Subnets.Add(new NetworkSubnet { Subnet = IpMath.Format(free) });
        }

        if (request.Ipv6 && network.Subnets.TrueForAll(s => !s.Subnet.Contains(':')) && network.IpamDriver != "none")
        {
            network.Subnets.Add(new NetworkSubnet { Subnet = IpMath.Format(FreeUlaSubnet(used)) });
        }
    }

    private static void CreateMacvlanOrIpvlan(NetworkDefinition network, NetworkCreateRequest request)
    {
        if (!string.IsNullOrEmpty(request.InterfaceName))
        {
            throw new VainaException($"the {network.Driver} driver does not support --interface-name; use -o parent=");
        }

        var options = network.Options ?? [];
        if (options.Remove("parent", out var parent))
        {
            if (!HostNetworkState.InterfaceNames().Contains(parent))
            {
                throw new VainaException($"parent interface {parent} does not exist");
            }

            network.NetworkInterface = parent;
        }

        network.DnsEnabled = false;
        network.IpamOptions ??= [];
        if (!network.IpamOptions.ContainsKey("driver"))
        {
            if (network.Subnets!.Count == 0)
            {
                if (network.Driver == "ipvlan")
                {
                    throw new VainaException("ipam driver dhcp is not supported with ipvlan");
                }

                network.IpamOptions["driver"] = "dhcp";
            }
            else
            {
                network.IpamOptions["driver"] = "host-local";
            }
        }

        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case "mode":
                    var valid = network.Driver == "macvlan" ? new[] { "", "bridge", "private", "vepa", "passthru" } : ["", "l2", "l3", "l3s"];
                    if (!valid.Contains(value))
                    {
                        throw new VainaException($"unknown {network.Driver} mode \"{value}\"");
                    }

                    break;
                case "mtu":
                    ParseMtu(value);
                    break;
                default:
                    throw new VainaException($"unsupported {network.Driver} network option {key}");
            }
        }

        network.Options = options.Count > 0 ? options : null;
    }

    private static void ValidateBridgeOption(string key, string value)
    {
        switch (key)
        {
            case "mtu":
                ParseMtu(value);
                break;
            case "vlan":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var vlan) || vlan > 4094)
                {
                    throw new VainaException($"vlan ID {value} must be between 0 and 4094");
                }

                break;
            case "isolate" or "no_default_route":
                if (value is not ("true" or "false"))
                {
                    throw new VainaException($"strconv.ParseBool: parsing \"{value}\": invalid syntax");
                }

                break;
            case "metric":
                if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw new VainaException($"strconv.ParseUint: parsing \"{value}\": invalid syntax");
                }

                break;
            default:
                throw new VainaException($"unsupported bridge network option {key}");
        }
    }

    private static void ParseMtu(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mtu))
        {
            throw new VainaException($"strconv.Atoi: parsing \"{value}\": invalid syntax");
        }

        if (mtu < 0)
        {
            throw new VainaException($"mtu {mtu} is less than zero");
        }
    }

    private static void ValidateSubnet(NetworkSubnet s, bool addGateway, IReadOnlyList<IPNetwork> used)
    {
        if (!IpMath.TryParseCidr(s.Subnet, out var subnet))
        {
            throw new VainaException($"subnet invalid: invalid CIDR address: {s.Subnet}");
        }

        if (used.Any(u => IpMath.Overlaps(u, subnet)))
        {
            throw new VainaException($"subnet {IpMath.Format(subnet)} is already used on the host or by another config");
        }

        s.Subnet = IpMath.Format(subnet);
        if (s.Gateway is not null)
        {
            if (!subnet.Contains(IPAddress.Parse(s.Gateway)))
            {
                throw new VainaException($"gateway {s.Gateway} not in subnet {s.Subnet}");
            }
        }
        else if (addGateway)
        {
            s.Gateway = IpMath.Add(subnet.BaseAddress, 1).ToString();
        }

        if (s.LeaseRange?.StartIp is { } start && !subnet.Contains(IPAddress.Parse(start)))
        {
            throw new VainaException($"lease range start ip {start} not in subnet {s.Subnet}");
        }

        if (s.LeaseRange?.EndIp is { } end && !subnet.Contains(IPAddress.Parse(end)))
        {
            throw new VainaException($"lease range end ip {end} not in subnet {s.Subnet}");
        }
    }

    private static IPNetwork FreeUlaSubnet(IReadOnlyList<IPNetwork> used)
    {
        // Podman picks a random fdXX:XXXX:XXXX::/64 (RFC 4193 unique local addresses).
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var bytes = new byte[16];
            bytes[0] = 0xfd;
            RandomNumberGenerator.Fill(bytes.AsSpan(1, 7));
            var candidate = new IPNetwork(IpMath.Mask(new IPAddress(bytes), 64).BaseAddress, 64);
            if (!used.Any(u => IpMath.Overlaps(u, candidate)))
            {
                return candidate;
            }
        }

        throw new VainaException("failed to get random ipv6 subnet");
    }

    private static string FreeName(string prefix, HashSet<string> used, int start)
    {
        for (var i = start; ; i++)
        {
            var candidate = prefix + i.ToString(CultureInfo.InvariantCulture);
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static string RandomId(IReadOnlyList<NetworkDefinition> existing)
    {
        while (true)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            if (!existing.Any(n => n.Id.StartsWith(id[..12], StringComparison.Ordinal)))
            {
                return id;
            }
        }
    }
}
