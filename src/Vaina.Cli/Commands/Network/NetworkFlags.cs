using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Networks;

namespace Vaina.Cli.Commands.Network;

/// <summary>The network flags of `run`, `create` (and later `pod create`), turned into a <see cref="ContainerNetworkSpec"/>.</summary>
public sealed class NetworkFlags
{
    public Option<string[]> Network { get; } = Flags.StringArray("--network", null, "Connect a container to a network");

    public Option<string[]> Publish { get; } = Flags.StringArray("--publish", "p", "Publish a container's port, or a range of ports, to the host (default [])");

    public Option<bool> PublishAll { get; } = Flags.Bool("--publish-all", "P", "Publish all exposed ports to random ports on the host interface");

    public Option<string[]> Expose { get; } = Flags.StringArray("--expose", null, "Expose a port or a range of ports");

    public Option<string[]> NetworkAlias { get; } = Flags.StringArray("--network-alias", null, "Add network-scoped alias for the container");

    public Option<string?> Ip { get; } = Flags.String("--ip", null, "Specify a static IPv4 address for the container");

    public Option<string?> Ip6 { get; } = Flags.String("--ip6", null, "Specify a static IPv6 address for the container");

    public Option<string?> Mac { get; } = Flags.String("--mac-address", null, "Container MAC address (e.g. 92:d0:c6:0a:29:33)");

    public Option<string[]> Dns { get; } = Flags.StringSlice("--dns", null, "Set custom DNS servers");

    public Option<string[]> DnsSearch { get; } = Flags.StringSlice("--dns-search", null, "Set custom DNS search domains");

    public Option<string[]> DnsOption { get; } = Flags.StringSlice("--dns-option", null, "Set custom DNS options");

    public Option<string[]> AddHost { get; } = Flags.StringSlice("--add-host", null, "Add a custom host-to-IP mapping (host:ip) (default [])");

    public Option<bool> NoHosts { get; } = Flags.Bool("--no-hosts", null, "Do not create /etc/hosts within the container, instead use the version from the image");

    public Option<string?> Hostname { get; } = Flags.String("--hostname", "h", "Set container hostname");

    public void AddTo(VainaCommand command)
    {
        command.AddAll(Network, Publish, PublishAll, Expose, NetworkAlias, Ip, Ip6, Mac, Dns, DnsSearch, DnsOption, AddHost, NoHosts, Hostname);
        Network.Aliases.Add("--net");
    }

    public ContainerNetworkSpec ToSpec(ParseResult result)
    {
        var networks = result.GetValue(Network) ?? [];
        var mode = "bridge";
        var bridgeRequested = false;
        var named = new List<string>();
        // Podman: one network (with ":ip=..,mac=..,alias=..,interface_name=.." options) per flag; a value
        // without options may also be a comma-separated list of networks (backwards compatibility).
        foreach (var value in networks.SelectMany(v => v.Contains(':') ? [v] : v.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (value is "bridge" or "none" or "host" or "private" || value.StartsWith("container:", StringComparison.Ordinal)
                || value.StartsWith("ns:", StringComparison.Ordinal) || value.StartsWith("slirp4netns", StringComparison.Ordinal)
                || value.StartsWith("pasta", StringComparison.Ordinal))
            {
                if (mode != "bridge" || named.Count > 0)
                {
                    throw new VainaException($"cannot set multiple networks without bridge network mode, selected mode {(mode == "bridge" ? value : mode)}: invalid argument");
                }

                // "private" is the default mode, as in Podman (a bridge as root, default_rootless_network_cmd rootless).
                mode = value == "private" ? "bridge" : value;
                bridgeRequested = value == "bridge";
            }
            else
            {
                if (mode != "bridge")
                {
                    throw new VainaException($"cannot set multiple networks without bridge network mode, selected mode {mode}: invalid argument");
                }

                named.Add(value);
            }
        }

        return new ContainerNetworkSpec
        {
            Mode = mode,
            BridgeRequested = bridgeRequested,
            Networks = named,
            Ports = result.GetValue(Publish) ?? [],
            PublishAll = result.GetValue(PublishAll),
            ExposedPorts = result.GetValue(Expose) ?? [],
            Aliases = result.GetValue(NetworkAlias) ?? [],
            Ip = result.GetValue(Ip),
            Ip6 = result.GetValue(Ip6),
            Mac = result.GetValue(Mac),
            Dns = result.GetValue(Dns) ?? [],
            DnsSearch = result.GetValue(DnsSearch) ?? [],
            DnsOptions = result.GetValue(DnsOption) ?? [],
            AddHosts = result.GetValue(AddHost) ?? [],
            NoHosts = result.GetValue(NoHosts),
            Hostname = result.GetValue(Hostname),
        };
    }
}
