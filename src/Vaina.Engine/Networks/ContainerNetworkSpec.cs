namespace Vaina.Engine.Networks;

/// <summary>
/// What `run`/`create` asked for in network terms (--network, -p, -P, --dns*, --add-host, --hostname, ...),
/// stored with the container and turned into a namespace plus /etc/hosts, /etc/resolv.conf and
/// /etc/hostname by <see cref="NetworkService.SetUpAsync"/> each time the container starts.
/// </summary>
public sealed record ContainerNetworkSpec
{
    /// <summary>bridge | none | host | private | container:ID | ns:PATH | slirp4netns[:OPTS] | pasta[:OPTS].</summary>
    public string Mode { get; init; } = "bridge";

    /// <summary>
    /// `--network bridge` was given (not just defaulted): rootless, that is the default network through the
    /// rootless network namespace, as in Podman, instead of default_rootless_network_cmd.
    /// </summary>
    public bool BridgeRequested { get; init; }

    /// <summary>For bridge mode: the networks to join, each "NAME" or "NAME:ip=..,mac=..,alias=..,interface_name=..".</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    public IReadOnlyList<string> Ports { get; init; } = [];

    public bool PublishAll { get; init; }

    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string? Ip { get; init; }

    public string? Ip6 { get; init; }

    public string? Mac { get; init; }

    public IReadOnlyList<string> Dns { get; init; } = [];

    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    public IReadOnlyList<string> AddHosts { get; init; } = [];

    public bool NoHosts { get; init; }

    public string? Hostname { get; init; }
}
