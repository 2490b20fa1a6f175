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
    /// The port mappings netavark gets inside the rootless namespace: slirp4netns delivers forwarded connections
    /// to the namespace's own tap0 address, so netavark's DNAT rules must match any local address there (the
    /// host address a port is published on is slirp4netns's side of the forward).
    /// </summary>
    private static List<NetavarkPortMapping> RootlessNetavarkPorts(IReadOnlyList<NetavarkPortMapping> ports)
        => ports.Select(p => new NetavarkPortMapping
        {
            HostIp = "",
            ContainerPort = p.ContainerPort,
            HostPort = p.HostPort,
            Range = p.Range,
            Protocol = p.Protocol,
        }).ToList();

    /// <summary>Adds a slirp4netns host forward for each published port; their ids go into the state for teardown.</summary>
    private void AddRootlessForwards(ContainerNetworkState state)
    {
        var netns = RootlessNetns;
        foreach (var port in state.Ports)
        {
            foreach (var protocol in port.Protocol.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                for (var i = 0; i < port.Range; i++)
                {
                    state.ForwardIds.Add(netns.AddForward(protocol, port.HostIp, port.HostPort + i));
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
