using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vaina.Config;
using Vaina.Network;
using Vaina.Runtime;
using Vaina.Storage.State;

namespace Vaina.Engine.Networks;

/// <summary>
/// The engine's network operations, shared by the CLI and the REST API: network definitions (create, ls,
/// inspect, rm, prune, connect, disconnect, reload) and, per container, the namespace it runs in, its
/// /etc/hosts, /etc/resolv.conf and /etc/hostname, and (bridge mode) IPAM plus netavark set-up and teardown.
/// </summary>
public sealed partial class NetworkService
{
    private readonly VainaEngine _engine;

    internal NetworkService(VainaEngine engine)
    {
        _engine = engine;
    }

    /// <summary>
    /// Removes a container, used by `network rm -f` to remove the containers of a network first; null means
    /// the container service's RemoveAsync(force) (tests replace it).
    /// </summary>
    public Func<string, CancellationToken, Task>? ContainerRemover { get; set; }

    internal VainaEngine Engine => _engine;

    /// <summary>Where network definitions live: --network-config-dir, containers.conf network_config_dir, or vaina's default.</summary>
    public string ConfigDirectory => _engine.Options.NetworkConfigDir ?? _engine.Config.NetworkConfigDir;

    public NetworkConfigStore Definitions
        => new(ConfigDirectory, _engine.Config.Containers.Network.DefaultNetwork, _engine.Config.Containers.Network.DefaultSubnet);

    /// <summary>netavark's --config directory (aardvark-dns state), under the run root as Podman's is.</summary>
    public string NetavarkConfigDirectory => Path.Combine(_engine.Config.RunRoot, "networks");

    public string NetnsDirectory => Path.Combine(_engine.Config.RunRoot, "netns");

    private StateDatabase Database => _engine.Store.Database;

    private NetavarkRunner CreateRunner()
    {
        var locator = new HelperBinaryLocator(_engine.Config.Containers.Engine.HelperBinariesDir);
        var netavark = locator.Require("netavark");
        var aardvark = locator.Find("aardvark-dns");
        var environment = new Dictionary<string, string>();
        var section = _engine.Config.Containers.Network;
        if (section.FirewallDriver.Length > 0)
        {
            environment["NETAVARK_FW"] = section.FirewallDriver;
        }

        if (section.DnsBindPort != 0)
        {
            environment["NETAVARK_DNS_PORT"] = section.DnsBindPort.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        }

        var netnsDir = NetnsDirectory + "/";
        var rootlessNetns = _engine.Config.IsRootless ? RootlessNetns : null;
        return new NetavarkRunner(netavark, aardvark, NetavarkConfigDirectory, environment)
        {
            NetworkNamespace = rootlessNetns?.NetnsPath,
            ResolvConf = rootlessNetns?.ResolvConfPath,
            StartProcess = start =>
            {
                lock (ProcessSpawnLock.Gate)
                {
                    return start();
                }
            },
            Exclusively = () => FileLock.AcquireExclusive(HostWideNetavarkLock(), TimeSpan.FromMinutes(2)),
            DetachInMaskedNamespace = mountPoint => mountPoint.StartsWith(netnsDir, StringComparison.Ordinal)
                || mountPoint.StartsWith("/run/netns/", StringComparison.Ordinal)
                || mountPoint.StartsWith(_engine.Config.GraphRoot + "/", StringComparison.Ordinal),
        };
    }

    /// <summary>One lock for every vaina store of this host (rootful) or of this user (rootless), since netavark's firewall chains are shared.</summary>
    private string HostWideNetavarkLock()
    {
        var dir = _engine.Config.IsRootless ? _engine.Config.Identity.RuntimeDir : "/run/lock";
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "vaina-netavark.lock");
    }

    /// <summary>The network namespace file of a set-up container (for --network container:ID and pods); null when it has none.</summary>
    public string? NetnsPathOf(string containerId)
    {
        var state = LoadState(containerId);
        return state?.NetnsPath is { } path && File.Exists(path) ? path : null;
    }

    /// <summary>The published ports of a container (host ports resolved), for `port` and ps's PORTS column; empty when not set up.</summary>
    public IReadOnlyList<NetavarkPortMapping> PublishedPorts(string containerId) => LoadState(containerId)?.Ports ?? [];

    /// <summary>The networks a container is attached to (names), as recorded at set-up or by connect.</summary>
    public IReadOnlyList<string> NetworksOf(string containerId) => LoadAttachments(containerId)?.Select(a => a.Network).ToList() ?? [];

    /// <summary>
    /// Checks a spec before the container is created (networks exist, ports and addresses parse), so `create`
    /// fails early with Podman's errors instead of at start.
    /// </summary>
    public void Validate(ContainerNetworkSpec spec)
    {
        if (spec.Mode == "bridge")
        {
            var store = Definitions;
            foreach (var attachment in AttachmentsFromSpec(spec, "0000000000000000"))
            {
                store.Get(attachment.Network);
            }
        }

        foreach (var port in spec.Ports)
        {
            PortMappingParser.Parse(port);
        }

        foreach (var host in spec.AddHosts)
        {
            HostsFileBuilder.ParseAddHost(host);
        }
    }

    /// <summary>
    /// Records a new container's networks (call at create, after <see cref="Validate"/> passes), so that
    /// `network rm` sees it as a user and `network connect`/`disconnect` work before its first start.
    /// </summary>
    public void Register(string containerId, string containerName, ContainerNetworkSpec spec)
    {
        Validate(spec);
        var attachments = spec.Mode == "bridge" ? AttachmentsFromSpec(spec, containerId) : [];
        Database.RunInTransaction((c, t) => SaveAttachments(c, t, containerId, containerName, attachments));
    }

    /// <summary>Forgets everything about a removed container: tears down what is left, then its attachments.</summary>
    public async Task ForgetAsync(string containerId, CancellationToken cancellationToken)
    {
        await TearDownAsync(containerId, cancellationToken).ConfigureAwait(false);
        Database.RunInTransaction((c, t) =>
        {
            StateDatabase.Execute(c, t, "DELETE FROM container_networks WHERE container_id=@p0", containerId);
            IpAddressAllocator.Release(c, t, containerId);
            StateDatabase.Execute(c, t, "DELETE FROM port_reservations WHERE container_id=@p0", containerId);
        });
    }

    internal ContainerNetworkState? LoadState(string containerId)
        => Database.Read(c => StateDatabase.Scalar(c, null, "SELECT state FROM container_networks WHERE container_id=@p0", containerId) as string) is { } json
            ? JsonSerializer.Deserialize(json, NetworkStateJsonContext.Default.ContainerNetworkState)
            : null;

    internal List<ContainerNetworkAttachment>? LoadAttachments(string containerId)
        => Database.Read(c => StateDatabase.Scalar(c, null, "SELECT attachments FROM container_networks WHERE container_id=@p0", containerId) as string) is { } json
            ? JsonSerializer.Deserialize(json, NetworkStateJsonContext.Default.ListContainerNetworkAttachment)
            : null;

    private static void SaveState(SqliteConnection c, SqliteTransaction t, string containerId, ContainerNetworkState? state)
        => StateDatabase.Execute(c, t, "UPDATE container_networks SET state=@p1 WHERE container_id=@p0", containerId,
            state is null ? null : JsonSerializer.Serialize(state, NetworkStateJsonContext.Default.ContainerNetworkState));

    private static void SaveAttachments(SqliteConnection c, SqliteTransaction t, string containerId, string containerName, List<ContainerNetworkAttachment> attachments)
        => StateDatabase.Execute(c, t, "INSERT INTO container_networks(container_id, container_name, attachments) VALUES (@p0, @p1, @p2) ON CONFLICT(container_id) DO UPDATE SET attachments=excluded.attachments, container_name=excluded.container_name",
            containerId, containerName, JsonSerializer.Serialize(attachments, NetworkStateJsonContext.Default.ListContainerNetworkAttachment));

    /// <summary>Containers known to the network layer: (id, name), for connect/disconnect/reload by name.</summary>
    internal List<(string Id, string Name)> KnownContainers()
        => Database.Read(c =>
        {
            var list = new List<(string, string)>();
            using var command = StateDatabase.Command(c, null, "SELECT container_id, container_name FROM container_networks ORDER BY container_name");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add((reader.GetString(0), reader.GetString(1)));
            }

            return list;
        });

    /// <summary>
    /// A container id from a name, id or id prefix: the container records first; without one, a container
    /// this layer has set up (engine-level callers without records).
    /// </summary>
    internal string ResolveContainer(string nameOrId)
    {
        if (_engine.Containers.Records.TryGet(nameOrId) is { } record)
        {
            return record.Id;
        }

        var known = KnownContainers().Where(k => LoadState(k.Id) is not null).ToList();
        var match = known.FirstOrDefault(k => k.Id == nameOrId || k.Name == nameOrId);
        if (match.Id is not null)
        {
            return match.Id;
        }

        var prefixed = known.Where(k => k.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList();
        if (prefixed.Count == 1)
        {
            return prefixed[0].Id;
        }

        throw new VainaException(prefixed.Count > 1
            ? $"more than one result for container ID {nameOrId}"
            : $"no container with name or ID \"{nameOrId}\" found: no such container");
    }

    /// <summary>The attachments of a container: recorded ones, else those its record's spec asks for.</summary>
    internal (List<ContainerNetworkAttachment> Attachments, string Name) AttachmentsAndName(string containerId)
    {
        var record = _engine.Containers.Records.TryGet(containerId);
        var name = record?.Name ?? KnownContainers().FirstOrDefault(k => k.Id == containerId).Name ?? containerId[..Math.Min(12, containerId.Length)];
        var attachments = LoadAttachments(containerId)
            ?? (record is not null && record.Config.Network.Mode == "bridge" ? AttachmentsFromSpec(record.Config.Network, containerId) : []);
        return (attachments, name);
    }

    private static void Warn(string message)
        => Console.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=warning msg=\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");

    // A host without /etc/hosts gives no base entries (Podman); the localhost lines are added anyway.
    private static string HostHostsFile() => File.Exists("/etc/hosts") ? File.ReadAllText("/etc/hosts") : "";

    private static string? ImageHostsFile(string rootfs)
    {
        if (string.IsNullOrEmpty(rootfs))
        {
            return null;
        }

        try
        {
            var path = RootfsPath.Resolve(rootfs, "/etc/hosts");
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or VainaException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
