using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vaina.Config;

namespace Vaina.Network;

/// <summary>
/// The network definitions: one <c>NAME.json</c> per network in the network config directory (Podman's
/// format), plus the default network (`podman`, bridge podman0, containers.conf default_subnet), which
/// exists implicitly as in Podman unless a file of that name overrides it.
/// </summary>
public sealed partial class NetworkConfigStore
{
    public NetworkConfigStore(string directory, string defaultNetwork = "podman", string defaultSubnet = "10.88.0.0/16")
    {
        Directory = directory;
        DefaultNetworkName = defaultNetwork;
        DefaultSubnet = defaultSubnet;
    }

    public string Directory { get; }

    public string DefaultNetworkName { get; }

    public string DefaultSubnet { get; }

    /// <summary>Podman's network name rule.</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    public static partial Regex NameRegex();

    /// <summary>The ID Podman gives a network it makes up from its name (the default network): sha256 of the name.</summary>
    public static string IdFromName(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary>Runs <paramref name="action"/> holding the directory's lock, so that creates never race.</summary>
    public T Locked<T>(Func<T> action) => AtomicFile.WithLock(Path.Combine(Directory, "netavark"), action);

    /// <summary>All networks, sorted by name, the default one included.</summary>
    public List<NetworkDefinition> List()
    {
        var networks = new Dictionary<string, NetworkDefinition>(StringComparer.Ordinal);
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
            {
                var network = TryRead(file);
                if (network is not null && network.Name + ".json" == Path.GetFileName(file))
                {
                    networks[network.Name] = network;
                }
            }
        }

        if (!networks.ContainsKey(DefaultNetworkName))
        {
            networks[DefaultNetworkName] = CreateDefault();
        }

        return networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A network by full name, full ID or unique ID prefix; null when there is none.</summary>
    public NetworkDefinition? Find(string nameOrId)
    {
        var all = List();
        var byName = all.FirstOrDefault(n => n.Name == nameOrId);
        if (byName is not null)
        {
            return byName;
        }

        var byId = all.Where(n => n.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList();
        if (byId.Count > 1)
        {
            throw new VainaException($"more than one result for network ID {nameOrId}");
        }

        return byId.Count == 1 ? byId[0] : null;
    }

    /// <summary>Like <see cref="Find"/>, failing with Podman's "network not found".</summary>
    public NetworkDefinition Get(string nameOrId)
        => Find(nameOrId) ?? throw new VainaException($"unable to find network with name or ID {nameOrId}: network not found");

    public void Write(NetworkDefinition network)
    {
        var json = JsonSerializer.Serialize(network, NetworkJsonContext.Default.NetworkDefinition) + "\n";
        AtomicFile.WriteAllText(Path.Combine(Directory, network.Name + ".json"), json,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public void Delete(string name)
    {
        if (name == DefaultNetworkName)
        {
            throw new VainaException($"default network {name} cannot be removed");
        }

        File.Delete(Path.Combine(Directory, name + ".json"));
    }

    public NetworkDefinition CreateDefault() => new()
    {
        Name = DefaultNetworkName,
        Id = IdFromName(DefaultNetworkName),
        Driver = "bridge",
        NetworkInterface = "podman0",
        Created = GoTime.Format(DateTimeOffset.Now),
        Subnets = [new NetworkSubnet { Subnet = DefaultSubnet, Gateway = IpMath.TryParseCidr(DefaultSubnet, out var net) ? IpMath.Add(net.BaseAddress, 1).ToString() : null }],
        Ipv6Enabled = IpMath.TryParseCidr(DefaultSubnet, out var n6) && n6.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        Internal = false,
        DnsEnabled = false,
        IpamOptions = new Dictionary<string, string> { ["driver"] = "host-local" },
    };

    private static NetworkDefinition? TryRead(string file)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), NetworkJsonContext.Default.NetworkDefinition);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // Podman skips (and warns about) unreadable files rather than failing every command.
            Console.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=warning msg=\"Error reading network config file \\\"{file}\\\": {e.Message}\"");
            return null;
        }
    }
}
