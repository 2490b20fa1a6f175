using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vaina.Network;
using Vaina.Storage.State;

namespace Vaina.Engine.Networks;

public sealed partial class NetworkService
{
    private readonly object _rootlessGate = new();
    private FileLock? _rootlessLock;
    private int _rootlessDepth;

    /// <summary>The rootless network namespace of this run root (bridge networks of an unprivileged user).</summary>
    public RootlessNetworkNamespace RootlessNetns
        => new(
            Path.Combine(_engine.Config.RunRoot, "rootless-netns"),
            new HelperBinaryLocator(_engine.Config.Containers.Engine.HelperBinariesDir).Require("slirp4netns"),
            _engine.Config.Containers.Engine.NetworkCmdOptions);

    private string AardvarkDirectory => Path.Combine(NetavarkConfigDirectory, "aardvark-dns");

    /// <summary>
    /// Rootless: the rootless namespace's lock, re-entrant within this process (a failed set-up tears down
    /// under the lock it holds). Null when rootful.
    /// </summary>
    private RootlessLockScope? LockRootlessNetns()
    {
        if (!_engine.Config.IsRootless)
        {
            return null;
        }

        Monitor.Enter(_rootlessGate);
        try
        {
            if (_rootlessDepth == 0)
            {
                _rootlessLock = RootlessNetns.Lock();
            }

            _rootlessDepth++;
        }
        catch
        {
            Monitor.Exit(_rootlessGate);
            throw;
        }

        return new RootlessLockScope(this);
    }

    private void UnlockRootlessNetns()
    {
        if (--_rootlessDepth == 0)
        {
            _rootlessLock?.Dispose();
            _rootlessLock = null;
        }

        Monitor.Exit(_rootlessGate);
    }

    /// <summary>Makes the rootless namespace if needed (hold its lock); a new one starts without the DNS entries of an old one.</summary>
    private void EnsureRootlessNetns()
    {
        if (RootlessNetns.Ensure())
        {
            RootlessNetworkNamespace.StopAardvark(AardvarkDirectory);
        }
    }

    /// <summary>
    /// The port mappings netavark gets inside the rootless namespace, in the order of <paramref name="ports"/>.
    /// slirp4netns delivers a forwarded connection to one port of the namespace's own tap0 address, whatever host
    /// address it came in on, so netavark's DNAT rules there match any local address (no host IP) and the port
    /// alone must tell the containers apart: a port is kept as it is on the host unless another container of this
    /// run root already uses it in the namespace (the same port published on another host address, e.g.
    /// 127.0.0.1:8080 and 127.0.0.2:8080), in which case a free one is taken instead; the host side
    /// (<see cref="AddRootlessForwards"/>) forwards to it.
    /// </summary>
    private static List<NetavarkPortMapping> RootlessNetavarkPorts(SqliteConnection c, SqliteTransaction t, string containerId, IReadOnlyList<NetavarkPortMapping> ports)
    {
        var used = new HashSet<(string Protocol, int Port)>();
        void Use(NetavarkPortMapping m)
        {
            foreach (var protocol in m.Protocol.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                for (var i = 0; i < m.Range; i++)
                {
                    used.Add((protocol, m.HostPort + i));
                }
            }
        }

        bool Free(string protocols, int start, int range)
            => protocols.Split(',', StringSplitOptions.RemoveEmptyEntries).All(p => Enumerable.Range(start, range).All(port => !used.Contains((p, port))));

        using (var command = StateDatabase.Command(c, t, "SELECT state FROM container_networks WHERE container_id<>@p0 AND state IS NOT NULL", containerId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var other = JsonSerializer.Deserialize(reader.GetString(0), NetworkStateJsonContext.Default.ContainerNetworkState);
                if (other is { Mode: "bridge", NetnsPath: not null, Options.PortMappings: { } mappings })
                {
                    mappings.ForEach(Use);
                }
            }
        }

        var result = new List<NetavarkPortMapping>();
        foreach (var p in ports)
        {
            int inside = p.HostPort;
            if (!Free(p.Protocol, inside, p.Range))
            {
                // Above the privileged ports (aardvark-dns listens on 53 of the bridges' gateways there).
                inside = Enumerable.Range(RemappedPortsStart, ushort.MaxValue - RemappedPortsStart - p.Range + 2).FirstOrDefault(start => Free(p.Protocol, start, p.Range));
                if (inside == 0)
                {
                    throw new VainaException($"no free port left in the rootless network namespace for {p.HostIp}:{p.HostPort}/{p.Protocol}");
                }
            }

            var mapping = new NetavarkPortMapping { HostIp = "", ContainerPort = p.ContainerPort, HostPort = (ushort)inside, Range = p.Range, Protocol = p.Protocol };
            Use(mapping);
            result.Add(mapping);
        }

        return result;
    }

    private const int RemappedPortsStart = 40000;

    /// <summary>
    /// Adds a slirp4netns host forward for each published port, from its host address and port to the port netavark
    /// got for it in the namespace (<see cref="RootlessNetavarkPorts"/>); their ids go into the state for teardown.
    /// </summary>
    private void AddRootlessForwards(ContainerNetworkState state)
    {
        var netns = RootlessNetns;
        var inside = state.Options?.PortMappings ?? [];
        for (var n = 0; n < state.Ports.Count; n++)
        {
            var port = state.Ports[n];
            var guestPort = n < inside.Count ? inside[n].HostPort : port.HostPort;
            foreach (var protocol in port.Protocol.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                for (var i = 0; i < port.Range; i++)
                {
                    state.ForwardIds.Add(netns.AddForward(protocol, port.HostIp, port.HostPort + i, guestPort + i));
                }
            }
        }
    }

    /// <summary>Removes the rootless namespace (slirp4netns, aardvark-dns) when no container uses a bridge network any more (hold its lock).</summary>
    private void RemoveRootlessNetnsIfUnused()
    {
        var inUse = KnownContainers().Any(k => LoadState(k.Id) is { Mode: "bridge", NetnsPath: not null });
        if (!inUse)
        {
            RootlessNetns.Destroy(AardvarkDirectory);
        }
    }

    private sealed class RootlessLockScope(NetworkService owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner.UnlockRootlessNetns();
            }
        }
    }
}
