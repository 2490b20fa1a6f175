using System.Text;

namespace Vaina.Network;

/// <summary>
/// A container's /etc/hosts as Podman 4.3.1 (containers/common etchosts) writes it: the --add-host entries,
/// then the base file's entries (containers.conf base_hosts_file: the host's /etc/hosts by default, the
/// image's, or none; comments and blank lines dropped, each line rewritten as "IP\tNAMES"), then
/// "127.0.0.1 localhost" and "::1 localhost", host.containers.internal and the container's own addresses
/// with its hostname and name. These last ones keep only the names no earlier line has, and are left out
/// when none is left, so a user's entry for a name always wins.
/// </summary>
public sealed class HostsFileBuilder
{
    public IReadOnlyList<string> AddHosts { get; init; } = [];

    /// <summary>The container's addresses (every address of every network; 127.0.0.1 with --network none).</summary>
    public IReadOnlyList<string> ContainerIps { get; init; } = [];

    public string Hostname { get; init; } = "";

    public string ContainerName { get; init; } = "";

    /// <summary>Address for host.containers.internal; null = no such line.</summary>
    public string? HostContainersInternalIp { get; init; }

    /// <summary>The base file's text; null or empty = no base entries.</summary>
    public string? BaseContent { get; init; }

    public string Build()
    {
        var entries = new List<(string Ip, IReadOnlyList<string> Names)>();
        foreach (var entry in AddHosts)
        {
            var (name, ip) = ParseAddHost(entry);
            entries.Add((ip == "host-gateway" ? HostContainersInternalIp ?? "" : ip, [name]));
        }

        entries.AddRange(ParseEntries(BaseContent ?? ""));
        var sb = new StringBuilder();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ip, names) in entries)
        {
            taken.UnionWith(names);
            AppendLine(sb, ip, names);
        }

        var generated = new List<(string Ip, IReadOnlyList<string> Names)> { ("127.0.0.1", ["localhost"]), ("::1", ["localhost"]) };
        if (!string.IsNullOrEmpty(HostContainersInternalIp))
        {
            generated.Add((HostContainersInternalIp, ["host.containers.internal"]));
        }

        // Podman's names: the hostname and the name, even when they are the same.
        generated.AddRange(ContainerIps.Select(ip => (ip, (IReadOnlyList<string>)[Hostname, ContainerName])));
        foreach (var (ip, names) in generated)
        {
            var free = names.Where(n => n.Length > 0 && !taken.Contains(n)).ToList();
            if (free.Count > 0)
            {
                AppendLine(sb, ip, free);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The lines to add to a hosts file that another container in the same network namespace already wrote
    /// (a pod's infra container, `--network container:X`): "127.0.0.1" with those of <paramref name="names"/>
    /// that the file does not name yet, or "" when it names them all (Podman's etchosts.Add).
    /// </summary>
    public static string AdditionFor(string existing, IReadOnlyList<string> names)
    {
        var taken = new HashSet<string>(ParseEntries(existing).SelectMany(e => e.Names), StringComparer.Ordinal);
        var free = names.Where(n => n.Length > 0 && !taken.Contains(n)).ToList();
        var sb = new StringBuilder();
        if (free.Count > 0)
        {
            AppendLine(sb, "127.0.0.1", free);
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

    /// <summary>A hosts file's entries: comments cut at '#', lines with an address but no name skipped.</summary>
    private static IEnumerable<(string Ip, IReadOnlyList<string> Names)> ParseEntries(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#');
            var line = hash >= 0 ? raw[..hash] : raw;
            var fields = line.Split([' ', '\t', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                yield return (fields[0], fields[1..]);
            }
        }
    }

    private static void AppendLine(StringBuilder sb, string ip, IReadOnlyList<string> names)
        => sb.Append(ip).Append('\t').AppendJoin(' ', names).Append('\n');
}
