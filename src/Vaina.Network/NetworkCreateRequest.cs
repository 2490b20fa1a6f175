namespace Vaina.Network;

/// <summary>What `network create` asked for.</summary>
public sealed class NetworkCreateRequest
{
    public string? Name { get; init; }

    public string Driver { get; init; } = "bridge";

    public IReadOnlyList<string> Subnets { get; init; } = [];

    public IReadOnlyList<string> Gateways { get; init; } = [];

    public IReadOnlyList<string> IpRanges { get; init; } = [];

    public bool Internal { get; init; }

    public bool Ipv6 { get; init; }

    public bool DisableDns { get; init; }

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? InterfaceName { get; init; }

    public string? IpamDriver { get; init; }

    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public bool IgnoreIfExists { get; init; }
}
