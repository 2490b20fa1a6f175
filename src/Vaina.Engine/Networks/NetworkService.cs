using System.Text;
using System.Text.Json.Nodes;
using Vaina.Runtime;

namespace Vaina.Engine.Networks;

/// <summary>
/// The engine's network operations, shared by the CLI and the REST API: the namespace a container runs in,
/// its /etc/hosts, /etc/resolv.conf and /etc/hostname, and (bridge mode) netavark set-up and teardown.
/// </summary>
public sealed class NetworkService
{
    private readonly VainaEngine _engine;

    internal NetworkService(VainaEngine engine)
    {
        _engine = engine;
    }

    internal VainaEngine Engine => _engine;

    /// <summary>Prepares the network of a container that is about to start. Idempotent per start.</summary>
    public Task<ContainerNetworkSetup> SetUpAsync(ContainerNetworkContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var hostname = spec.Hostname ?? context.ContainerId[..12];
        NamespaceOption ns = spec.Mode switch
        {
            "host" => NamespaceOption.Host,
            "none" or "private" or "bridge" => NamespaceOption.Private,
            _ when spec.Mode.StartsWith("ns:", StringComparison.Ordinal) => NamespaceOption.Join(spec.Mode[3..]),
            _ => throw new VainaException($"network mode \"{spec.Mode}\" is not supported yet"),
        };

        Directory.CreateDirectory(context.RunDirectory);
        var mounts = new List<BindMount>();
        if (spec.Mode != "host" || spec.Hostname is not null)
        {
            mounts.Add(WriteFile(context.RunDirectory, "hostname", hostname + "\n", "/etc/hostname"));
        }

        if (!spec.NoHosts)
        {
            mounts.Add(WriteFile(context.RunDirectory, "hosts", HostsFile(spec, hostname, context.ContainerName), "/etc/hosts"));
        }

        mounts.Add(WriteFile(context.RunDirectory, "resolv.conf", ResolvConf(spec), "/etc/resolv.conf"));
        var settings = new JsonObject
        {
            ["EndpointID"] = string.Empty,
            ["Gateway"] = string.Empty,
            ["IPAddress"] = string.Empty,
            ["IPPrefixLen"] = 0,
            ["IPv6Gateway"] = string.Empty,
            ["GlobalIPv6Address"] = string.Empty,
            ["GlobalIPv6PrefixLen"] = 0,
            ["MacAddress"] = string.Empty,
            ["Bridge"] = string.Empty,
            ["SandboxID"] = string.Empty,
            ["HairpinMode"] = false,
            ["LinkLocalIPv6Address"] = string.Empty,
            ["LinkLocalIPv6PrefixLen"] = 0,
            ["Ports"] = new JsonObject(),
            ["SandboxKey"] = string.Empty,
        };
        return Task.FromResult(new ContainerNetworkSetup
        {
            Namespace = ns,
            Mounts = mounts,
            NetworkSettings = settings,
            Hostname = hostname,
        });
    }

    /// <summary>Releases what <see cref="SetUpAsync"/> took (addresses, veths, firewall rules). Idempotent.</summary>
    public Task TearDownAsync(string containerId, CancellationToken cancellationToken) => Task.CompletedTask;

    private static BindMount WriteFile(string dir, string name, string content, string destination)
    {
        var path = Path.Combine(dir, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return new BindMount(path, destination, ["rbind", "rprivate"]);
    }

    private static string HostsFile(ContainerNetworkSpec spec, string hostname, string name)
    {
        var sb = new StringBuilder();
        sb.Append("127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4\n");
        sb.Append("::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6\n");
        foreach (var entry in spec.AddHosts)
        {
            var colon = entry.IndexOf(':');
            if (colon <= 0)
            {
                throw new VainaException($"invalid IP address in add-host: \"{entry}\"");
            }

            sb.Append(entry[(colon + 1)..]).Append('\t').Append(entry[..colon]).Append('\n');
        }

        sb.Append("127.0.1.1\t").Append(hostname);
        if (name != hostname)
        {
            sb.Append(' ').Append(name);
        }

        sb.Append('\n');
        return sb.ToString();
    }

    private static string ResolvConf(ContainerNetworkSpec spec)
    {
        var hostLines = File.Exists("/etc/resolv.conf") ? File.ReadAllLines("/etc/resolv.conf") : [];
        var sb = new StringBuilder();
        var search = spec.DnsSearch.Count > 0 ? spec.DnsSearch : hostLines.Where(l => l.StartsWith("search ", StringComparison.Ordinal)).SelectMany(l => l[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (search.Count > 0 && !(search.Count == 1 && search[0] == "."))
        {
            sb.Append("search ").Append(string.Join(' ', search)).Append('\n');
        }

        var servers = spec.Dns.Count > 0 ? spec.Dns : hostLines.Where(l => l.StartsWith("nameserver ", StringComparison.Ordinal)).Select(l => l[11..].Trim()).Where(s => !s.StartsWith("127.", StringComparison.Ordinal)).ToList();
        foreach (var server in servers)
        {
            sb.Append("nameserver ").Append(server).Append('\n');
        }

        var options = spec.DnsOptions.Count > 0 ? spec.DnsOptions : hostLines.Where(l => l.StartsWith("options ", StringComparison.Ordinal)).SelectMany(l => l[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (options.Count > 0)
        {
            sb.Append("options ").Append(string.Join(' ', options)).Append('\n');
        }

        return sb.ToString();
    }
}
