using Vaina.Network;
using Vaina.Storage.State;

namespace Vaina.Engine.Networks;

public sealed partial class NetworkService
{
    /// <summary>`network create`: validates, picks what was not given, writes NAME.json. With --ignore an existing network is returned.</summary>
    public NetworkDefinition Create(NetworkCreateRequest request)
    {
        if (_engine.Config.Containers.Network.NetworkBackend is "cni")
        {
            throw new VainaException("the cni network backend is not supported by vaina; use netavark");
        }

        var store = Definitions;
        return store.Locked(() =>
        {
            var existing = store.List();
            if (request.IgnoreIfExists && request.Name is not null && existing.FirstOrDefault(n => n.Name == request.Name) is { } found)
            {
                return found;
            }

            var network = new NetworkCreator(_engine.Config.Containers.Network.DefaultSubnetPools).Create(request, existing);
            store.Write(network);
            return network;
        });
    }

    public List<NetworkDefinition> List(IReadOnlyList<string> filters)
    {
        var predicate = NetworkFilter.Parse(filters, IsInUse);
        return Definitions.List().Where(predicate).ToList();
    }

    public NetworkDefinition Inspect(string nameOrId) => Definitions.Get(nameOrId);

    public bool Exists(string nameOrId) => Definitions.Find(nameOrId) is not null;

    /// <summary>
    /// Containers attached to a network (ids): every container record whose networks (as connected, else as
    /// created) include it, plus containers set up by this layer without a record.
    /// </summary>
    public List<string> ContainersUsing(string networkName)
    {
        var users = new List<string>();
        var records = _engine.Containers.Records.List();
        foreach (var record in records)
        {
            if (AttachmentsAndName(record.Id).Attachments.Any(a => a.Network == networkName))
            {
                users.Add(record.Id);
            }
        }

        var recorded = records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, _) in KnownContainers())
        {
            if (!recorded.Contains(id) && LoadState(id) is not null && LoadAttachments(id)?.Any(a => a.Network == networkName) == true)
            {
                users.Add(id);
            }
        }

        return users;
    }

    private bool IsInUse(NetworkDefinition network) => ContainersUsing(network.Name).Count > 0;

    /// <summary>`network rm`: refuses networks in use unless <paramref name="force"/> (then their containers are removed first).</summary>
    public async Task<string> RemoveAsync(string nameOrId, bool force, CancellationToken cancellationToken)
    {
        var store = Definitions;
        var network = store.Get(nameOrId);
        if (network.Name == store.DefaultNetworkName)
        {
            throw new VainaException($"default network {network.Name} cannot be removed");
        }

        var users = ContainersUsing(network.Name);
        if (users.Count > 0)
        {
            if (!force)
            {
                throw new VainaException($"\"{network.Name}\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used");
            }

            foreach (var id in users)
            {
                await (ContainerRemover ?? RemoveContainerAsync)(id, cancellationToken).ConfigureAwait(false);
            }
        }

        store.Locked(() =>
        {
            store.Delete(network.Name);
            return 0;
        });
        Database.RunInTransaction((c, t) => IpAddressAllocator.ForgetNetwork(c, t, network.Name));
        return network.Name;
    }

    private Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
        => _engine.Containers.Records.TryGet(id) is null
            ? ForgetAsync(id, cancellationToken)
            : _engine.Containers.RemoveAsync(id, force: true, timeout: null, cancellationToken);

    /// <summary>`network prune`: removes unused networks (never the default one); returns their names.</summary>
    public List<string> Prune(IReadOnlyList<string> filters)
    {
        var store = Definitions;
        var predicate = NetworkFilter.Parse(filters, IsInUse);
        var removed = new List<string>();
        foreach (var network in store.List().Where(n => n.Name != store.DefaultNetworkName && predicate(n)))
        {
            if (IsInUse(network))
            {
                continue;
            }

            store.Locked(() =>
            {
                store.Delete(network.Name);
                return 0;
            });
            Database.RunInTransaction((c, t) => IpAddressAllocator.ForgetNetwork(c, t, network.Name));
            removed.Add(network.Name);
        }

        return removed;
    }

    /// <summary>`network connect`: records the attachment and, when the container's network is set up, connects it now.</summary>
    public void Connect(string nameOrId, string container, IReadOnlyList<string> aliases, string? ip, string? ip6, string? mac, string? interfaceName = null)
    {
        var network = Definitions.Get(nameOrId);
        var id = ResolveContainer(container);
        var (attachments, name) = AttachmentsAndName(id);
        if (attachments.Any(a => a.Network == network.Name))
        {
            throw new VainaException($"container {id} is already connected to network \"{network.Name}\": network is already connected");
        }

        var state = LoadState(id);
        if (state is not null && state.Mode != "bridge")
        {
            throw new VainaException($"\"{state.Mode}\" is not supported: invalid network mode");
        }

        var attachment = new ContainerNetworkAttachment { Network = network.Name, StaticMac = mac, Aliases = aliases.ToList() };
        if (ip is not null)
        {
            attachment.StaticIps.Add(ip);
        }

        if (ip6 is not null)
        {
            attachment.StaticIps.Add(ip6);
        }

        var used = attachments.Select(a => a.InterfaceName).ToHashSet(StringComparer.Ordinal);
        attachment.InterfaceName = interfaceName ?? Enumerable.Range(0, 100).Select(i => "eth" + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture)).First(n => !used.Contains(n));
        attachments.Add(attachment);
        using var rootless = LockRootlessNetns();
        var running = state?.NetnsPath is { } netns && NetworkNamespaceFile.IsMounted(netns) && state.Options is not null
            && (rootless is null || RootlessNetns.IsAlive());
        NetavarkNetworkOptions? single = null;
        Database.RunInTransaction((c, t) =>
        {
            SaveAttachments(c, t, id, name, attachments);
            if (running)
            {
                single = new NetavarkNetworkOptions
                {
                    ContainerId = id,
                    ContainerName = name,
                    Networks = { [network.Name] = PerNetworkOptions(c, t, network, attachment, id) },
                    NetworkInfo = { [network.Name] = network },
                };
                state!.Options!.Networks[network.Name] = single.Networks[network.Name];
                state.Options.NetworkInfo[network.Name] = network;
                SaveState(c, t, id, state);
            }
        });
        if (!running)
        {
            return;
        }

        try
        {
            var status = CreateRunner().Setup(state!.NetnsPath!, single!);
            foreach (var (key, value) in status)
            {
                state.Status[key] = value;
            }
        }
        catch
        {
            state!.Options!.Networks.Remove(network.Name);
            state.Options.NetworkInfo.Remove(network.Name);
            attachments.Remove(attachment);
            Database.RunInTransaction((c, t) =>
            {
                IpAddressAllocator.Release(c, t, id, network.Name);
                SaveAttachments(c, t, id, name, attachments);
                SaveState(c, t, id, state);
            });
            throw;
        }

        Database.RunInTransaction((c, t) => SaveState(c, t, id, state));
        RewriteFiles(state, name);
    }

    /// <summary>`network disconnect`: drops the attachment and, when set up, tears that network down now.</summary>
    public void Disconnect(string nameOrId, string container)
    {
        var network = Definitions.Get(nameOrId);
        var id = ResolveContainer(container);
        var (attachments, name) = AttachmentsAndName(id);
        if (!attachments.Any(a => a.Network == network.Name))
        {
            throw new VainaException($"container {id} is not connected to network {network.Name}");
        }

        attachments.RemoveAll(a => a.Network == network.Name);
        using var rootless = LockRootlessNetns();
        var state = LoadState(id);
        if (state?.Options is not null && state.Options.Networks.TryGetValue(network.Name, out var per))
        {
            var single = new NetavarkNetworkOptions
            {
                ContainerId = id,
                ContainerName = name,
                Networks = { [network.Name] = per },
                NetworkInfo = { [network.Name] = state.Options.NetworkInfo.GetValueOrDefault(network.Name) ?? network },
            };
            if (rootless is null || RootlessNetns.IsAlive())
            {
                RunTeardown(state.NetnsPath, single);
            }

            state.Options.Networks.Remove(network.Name);
            state.Options.NetworkInfo.Remove(network.Name);
            state.Status.Remove(network.Name);
        }

        Database.RunInTransaction((c, t) =>
        {
            SaveAttachments(c, t, id, name, attachments);
            IpAddressAllocator.Release(c, t, id, network.Name);
            if (state is not null)
            {
                SaveState(c, t, id, state);
            }
        });
        if (state?.NetnsPath is not null)
        {
            RewriteFiles(state, name);
        }
    }

    /// <summary>
    /// `network reload`: tears down and sets up again the networks of running containers with the same
    /// addresses and MACs, which restores firewall rules lost to `iptables -F` or a firewalld reload.
    /// Returns the ids reloaded.
    /// </summary>
    public List<string> Reload(IReadOnlyList<string> containers, bool all)
    {
        var ids = all ? KnownContainers().Select(k => k.Id).ToList() : containers.Select(ResolveContainer).ToList();
        var reloaded = new List<string>();
        using var rootless = LockRootlessNetns();
        foreach (var id in ids)
        {
            var state = LoadState(id);
            if (state?.Options is null || state.NetnsPath is null || !NetworkNamespaceFile.IsMounted(state.NetnsPath)
                || (rootless is not null && !RootlessNetns.IsAlive()))
            {
                if (!all)
                {
                    throw new VainaException($"container {id} is not running: container state improper");
                }

                continue;
            }

            // Keep each interface's MAC so the container's neighbours are not confused.
            foreach (var (network, per) in state.Options.Networks)
            {
                if (per.StaticMac is null && state.Status.TryGetValue(network, out var block) && block.Interfaces?.GetValueOrDefault(per.InterfaceName) is { } iface)
                {
                    per.StaticMac = iface.MacAddress;
                }
            }

            var runner = CreateRunner();
            try
            {
                runner.Teardown(state.NetnsPath, state.Options);
            }
            catch (VainaException e)
            {
                Warn($"network teardown of {id} before reload: {e.Message}");
            }

            state.Status = runner.Setup(state.NetnsPath, state.Options);
            Database.RunInTransaction((c, t) => SaveState(c, t, id, state));
            reloaded.Add(id);
        }

        return reloaded;
    }

    private void RewriteFiles(ContainerNetworkState state, string containerName)
    {
        if (!state.Spec.NoHosts)
        {
            // In place: the running container bind-mounts this inode, a rename would not reach it.
            File.WriteAllText(Path.Combine(state.RunDirectory, "hosts"), BuildHosts(state, containerName));
        }

        File.WriteAllText(Path.Combine(state.RunDirectory, "resolv.conf"), BuildResolvConf(state));
    }
}
