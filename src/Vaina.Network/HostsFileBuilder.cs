using System.Text;

namespace Vaina.Network;

/// <summary>
/// A container's /etc/hosts as Podman (containers/common etchosts) writes it: --add-host entries, the
/// container's own addresses with its hostname and name, host.containers.internal, then the base file (the
/// image's /etc/hosts, or the localhost defaults when the image has none).
/// </summary>
public sealed class HostsFileBuilder
{
    public const string DefaultBase = "127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4\n::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6\n";

    public IReadOnlyList<string> AddHosts { get; init; } = [];

    /// <summary>The container's addresses (first of each network); empty without a network.</summary>
    public IReadOnlyList<string> ContainerIps { get; init; } = [];

    public string Hostname { get; init; } = "";

    public string ContainerName { get; init; } = "";

    /// <summary>Address for host.containers.internal (the bridge gateway for rootful bridge networks); null = none.</summary>
    public string? HostContainersInternalIp { get; init; }

    /// <summary>The base file's text (image's /etc/hosts); null = localhost defaults.</summary>
    public string? BaseContent { get; init; }

    /// <summary>Adds host.containers.internal's line (false for host networking and "none").</summary>
    public bool AddHostContainersInternal { get; init; } = true;

    public string Build()
    {
        var sb = new StringBuilder();
        foreach (var entry in AddHosts)
        {
            var (name, ip) = ParseAddHost(entry);
            sb.Append(ip == "host-gateway" ? HostContainersInternalIp ?? "" : ip).Append('\t').Append(name).Append('\n');
        }

        var names = Hostname == ContainerName || ContainerName.Length == 0 ? Hostname : Hostname + " " + ContainerName;
        foreach (var ip in ContainerIps)
        {
            sb.Append(ip).Append('\t').Append(names).Append('\n');
        }

        if (AddHostContainersInternal && HostContainersInternalIp is not null && !AddHosts.Any(h => h.StartsWith("host.containers.internal:", StringComparison.Ordinal)))
        {
            sb.Append(HostContainersInternalIp).Append("\thost.containers.internal host.docker.internal\n");
        }

        var baseText = BaseContent ?? DefaultBase;
        sb.Append(baseText);
        if (baseText.Length > 0 && !baseText.EndsWith('\n'))
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>"host:ip" (IPv6 addresses contain colons, so the first colon splits) -> (host, ip).</summary>
    public static (string Host, string Ip) ParseAddHost(string entry)
    {
        var colon = entry.IndexOf(':');
        if (colon <= 0 || colon == entry.Length - 1)
        {
            throw new VainaException($"invalid add-host \"{entry}\": must be in the format \"host:ip\"");
        }

        var ip = entry[(colon + 1)..].Trim('[', ']');
        if (ip != "host-gateway" && !System.Net.IPAddress.TryParse(ip, out _))
        {
            throw new VainaException($"invalid IP address in add-host: \"{ip}\"");
        }

        return (entry[..colon], ip);
    }
}
