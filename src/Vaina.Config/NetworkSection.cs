using Tomlyn.Model;

namespace Vaina.Config;

/// <summary>The [network] table of containers.conf. cni_plugin_dirs is read but unused (vaina is netavark only).</summary>
public sealed class NetworkSection
{
    public static readonly IReadOnlyList<SubnetPool> PodmanDefaultSubnetPools =
    [
        new("10.89.0.0/16", 24), new("10.90.0.0/15", 24), new("10.92.0.0/14", 24), new("10.96.0.0/11", 24),
        new("10.128.0.0/9", 24),
    ];

    /// <summary>Empty means netavark (vaina's only backend); "cni" is refused by the network layer.</summary>
    public string NetworkBackend { get; internal set; } = "";

    public string DefaultNetwork { get; internal set; } = "podman";

    public string DefaultSubnet { get; internal set; } = "10.88.0.0/16";

    public IReadOnlyList<SubnetPool> DefaultSubnetPools { get; internal set; } = PodmanDefaultSubnetPools;

    /// <summary>
    /// Explicit network_config_dir, or null: vaina's own (/etc/vaina/networks, ~/.config/vaina/networks;
    /// see <see cref="ConfigContext.NetworkConfigDir"/>). Podman's default /etc/containers/networks counts as unset.
    /// </summary>
    public string? NetworkConfigDir { get; internal set; }

    public IReadOnlyList<string> CniPluginDirs { get; internal set; } = [];

    public IReadOnlyList<string> NetavarkPluginDirs { get; internal set; } =
        ["/usr/local/libexec/netavark", "/usr/libexec/netavark", "/usr/local/lib/netavark", "/usr/lib/netavark"];

    /// <summary>0 means the default (53).</summary>
    public ushort DnsBindPort { get; internal set; }

    public string DefaultRootlessNetworkCmd { get; internal set; } = "pasta";

    public IReadOnlyList<string> PastaOptions { get; internal set; } = [];

    public string FirewallDriver { get; internal set; } = "";

    internal void Apply(TomlValues v)
    {
        NetworkBackend = v.String("network_backend", NetworkBackend);
        DefaultNetwork = v.String("default_network", DefaultNetwork);
        DefaultSubnet = v.String("default_subnet", DefaultSubnet);
        if (v.Table.TryGetValue("default_subnet_pools", out object? pools))
        {
            DefaultSubnetPools = ReadPools(v, pools);
        }

        string? configDir = v.NullableString("network_config_dir", NetworkConfigDir);
        NetworkConfigDir = configDir is "/etc/containers/networks" or "/etc/containers/networks/" ? null : configDir;
        CniPluginDirs = v.StringList("cni_plugin_dirs", CniPluginDirs);
        NetavarkPluginDirs = v.StringList("netavark_plugin_dirs", NetavarkPluginDirs);
        long port = v.Int64("dns_bind_port", DnsBindPort);
        DnsBindPort = port is >= 0 and <= ushort.MaxValue ? (ushort)port : throw v.TypeError("dns_bind_port", "a port number");
        DefaultRootlessNetworkCmd = v.String("default_rootless_network_cmd", DefaultRootlessNetworkCmd);
        PastaOptions = v.StringList("pasta_options", PastaOptions);
        FirewallDriver = v.String("firewall_driver", FirewallDriver);
    }

    private static List<SubnetPool> ReadPools(TomlValues v, object? value)
    {
        var result = new List<SubnetPool>();
        IEnumerable<object?> items = value switch
        {
            TomlArray array => array,
            TomlTableArray tables => tables,
            _ => throw v.TypeError("default_subnet_pools", "an array of {base, size} tables"),
        };
        foreach (object? item in items)
        {
            if (item is not TomlTable table || !table.TryGetValue("base", out object? b) || b is not string baseCidr
                || !table.TryGetValue("size", out object? s) || s is not long size)
            {
                throw v.TypeError("default_subnet_pools", "an array of {base, size} tables");
            }

            result.Add(new SubnetPool(baseCidr, (int)size));
        }

        return result;
    }
}
