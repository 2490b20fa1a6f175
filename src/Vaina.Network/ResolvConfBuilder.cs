using System.Text;

namespace Vaina.Network;

/// <summary>
/// A container's /etc/resolv.conf as Podman writes it: on DNS-enabled networks the aardvark-dns addresses with
/// search domain dns.podman (aardvark forwards to the host's or --dns servers); otherwise --dns or the host's
/// servers minus loopback ones (falling back to Google's as Podman does); --dns-search and --dns-option replace
/// the host's. Host networking keeps loopback servers.
/// </summary>
public sealed class ResolvConfBuilder
{
    public static readonly string[] DefaultServers = ["8.8.8.8", "8.8.4.4"];

    public IReadOnlyList<string> AardvarkServers { get; init; } = [];

    public IReadOnlyList<string> NetworkSearchDomains { get; init; } = [];

    public IReadOnlyList<string> Dns { get; init; } = [];

    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    public bool KeepLoopback { get; init; }

    /// <summary>A user-mode network's DNS forwarder (slirp4netns's 10.0.2.3), put before the host's servers unless --dns is given.</summary>
    public IReadOnlyList<string> ForwarderServers { get; init; } = [];

    /// <summary>The host's resolv.conf text.</summary>
    public string HostContent { get; init; } = "";

    public static string ReadHostResolvConf()
    {
        // systemd-resolved's stub (127.0.0.53) is useless in a container; its full list lives next to it.
        foreach (var path in new[] { "/etc/resolv.conf" })
        {
            try
            {
                var text = File.ReadAllText(path);
                if (text.Contains("nameserver 127.0.0.53", StringComparison.Ordinal) && File.Exists("/run/systemd/resolve/resolv.conf"))
                {
                    return File.ReadAllText("/run/systemd/resolve/resolv.conf");
                }

                return text;
            }
            catch (IOException)
            {
            }
        }

        return "";
    }

    public string Build()
    {
        var hostServers = new List<string>();
        var hostSearch = new List<string>();
        var hostOptions = new List<string>();
        foreach (var raw in HostContent.Split('\n'))
        {
            var f = raw.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2)
            {
                continue;
            }

            switch (f[0])
            {
                case "nameserver":
                    hostServers.Add(f[1]);
                    break;
                case "search" or "domain":
                    hostSearch.Clear();
                    hostSearch.AddRange(f[1..]);
                    break;
                case "options":
                    hostOptions.AddRange(f[1..]);
                    break;
            }
        }

        List<string> servers;
        if (AardvarkServers.Count > 0)
        {
            servers = AardvarkServers.ToList();
        }
        else if (Dns.Count > 0)
        {
            servers = Dns.ToList();
        }
        else
        {
            servers = KeepLoopback ? hostServers : hostServers.Where(s => !IsLoopback(s)).ToList();
            if (servers.Count == 0 && ForwarderServers.Count == 0)
            {
                servers = DefaultServers.ToList();
            }

            servers.InsertRange(0, ForwarderServers.Where(s => !servers.Contains(s)));
        }

        var search = new List<string>();
        if (DnsSearch.Count > 0)
        {
            if (!(DnsSearch.Count == 1 && DnsSearch[0] == "."))
            {
                search.AddRange(NetworkSearchDomains);
                search.AddRange(DnsSearch.Where(s => s != "."));
            }
        }
        else
        {
            search.AddRange(NetworkSearchDomains);
            search.AddRange(hostSearch.Where(s => !search.Contains(s)));
        }

        var options = DnsOptions.Count > 0 ? DnsOptions.ToList() : hostOptions;
        var sb = new StringBuilder();
        if (search.Count > 0)
        {
            sb.Append("search ").Append(string.Join(' ', search)).Append('\n');
        }

        foreach (var server in servers)
        {
            sb.Append("nameserver ").Append(server).Append('\n');
        }

        if (options.Count > 0)
        {
            sb.Append("options ").Append(string.Join(' ', options)).Append('\n');
        }

        return sb.ToString();
    }

    private static bool IsLoopback(string server)
        => System.Net.IPAddress.TryParse(server.Split('%')[0], out var ip) && System.Net.IPAddress.IsLoopback(ip);
}
