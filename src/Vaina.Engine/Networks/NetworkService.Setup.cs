using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vaina.Network;
using Vaina.Runtime;
using Vaina.Storage.State;

namespace Vaina.Engine.Networks;

public sealed partial class NetworkService
{
    /// <summary>
    /// Prepares the network of a container that is about to start: for bridge mode a new namespace, addresses
    /// from IPAM, published ports (refused when taken), netavark setup; then /etc/hosts, /etc/resolv.conf and
    /// /etc/hostname. Whatever an earlier start left behind is torn down first.
    /// </summary>
    public async Task<ContainerNetworkSetup> SetUpAsync(ContainerNetworkContext context, CancellationToken cancellationToken)
    {
        var setup = await BeginSetUpAsync(context, cancellationToken).ConfigureAwait(false);
        try
        {
            await setup.Ready.ConfigureAwait(false);
        }
        catch
        {
            // Never leave a namespace, addresses, ports or forwards of a container that did not start.
            await TearDownAsync(context.ContainerId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return setup;
    }

    /// <summary>
    /// <see cref="SetUpAsync"/> for a container start that overlaps the network with the runtime: on a rootful
    /// bridge it returns once the namespace file exists and the addresses are reserved, while `netavark setup`
    /// still runs (most of a bridge start's time: ~20 iptables runs), so conmon and `runtime create` (which
    /// only join the namespace) run meanwhile. /etc/hosts and /etc/resolv.conf exist empty until netavark's
    /// answer, then are written in place (the created container bind-mounts their inodes). Likewise pasta and
    /// slirp4netns (rootless) are started and not waited for. The caller must await
    /// <see cref="ContainerNetworkSetup.Ready"/> before the container's process runs (`runtime start`); when it
    /// faults, the namespace is left for the caller to release with <see cref="TearDownAsync"/> (after the
    /// runtime is done with it: removing it under a running `runtime create` would fail that with a misleading
    /// error).
    /// </summary>
    public async Task<ContainerNetworkSetup> BeginSetUpAsync(ContainerNetworkContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var mode = EffectiveMode(spec);
        if (LoadState(context.ContainerId) is not null)
        {
            await TearDownAsync(context.ContainerId, cancellationToken).ConfigureAwait(false);
        }

        var hostname = spec.Hostname ?? (mode == "host" ? Environment.MachineName : context.ContainerId[..Math.Min(12, context.ContainerId.Length)]);
        Directory.CreateDirectory(context.RunDirectory);
        var state = new ContainerNetworkState
        {
            Mode = mode,
            RunDirectory = context.RunDirectory,
            RootfsPath = context.RootfsPath,
            Hostname = hostname,
            Spec = spec,
        };

        NamespaceOption ns;
        var mounts = new List<BindMount>();
        Task? netavark = null;
        Task? helper = null;
        if (mode == "bridge")
        {
            ns = SetUpBridge(context, state, out netavark);
        }
        else if (mode == "host")
        {
            ns = NamespaceOption.Host;
        }
        else if (mode is "none" or "private")
        {
            ns = NamespaceOption.Private;
        }
        else if (mode.StartsWith("ns:", StringComparison.Ordinal))
        {
            var path = mode[3..];
            if (!File.Exists(path))
            {
                throw new VainaException($"cannot find network namespace {path}: no such file or directory");
            }

            ns = NamespaceOption.Join(path);
        }
        else if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            var other = ResolveContainer(mode["container:".Length..]);
            var otherState = LoadState(other);

            // A container without a network (--network none, a pod created with it) has a namespace runc made,
            // with no file of ours: its process's namespace is joined, and, as Podman 4.3.1 does, the joining
            // container writes its own hosts file as if it had no network itself.
            bool otherUnnetworked = otherState?.Mode is "none" or "private" && otherState.NetnsPath is null;
            var path = (otherUnnetworked ? ProcessNetnsPath(other) : NetnsPathOf(other))
                ?? throw new VainaException($"container {other} is not running, cannot join its network namespace");
            ns = NamespaceOption.Join(path);
            if (otherUnnetworked)
            {
                if (!spec.NoHosts)
                {
                    mounts.Add(WriteFile(context.RunDirectory, "hosts", BuildHosts(state, context.ContainerName, loopbackOnly: true), "/etc/hosts"));
                }
            }
            else
            {
                // The other container's files describe this namespace (its addresses, its DNS).
                foreach (var name in new[] { "hosts", "resolv.conf" })
                {
                    var file = Path.Combine(otherState!.RunDirectory, name);
                    if (File.Exists(file))
                    {
                        mounts.Add(new BindMount(file, "/etc/" + name, ["rbind", "rprivate"]));
                    }
                }

                // As Podman: the joining container's names, on 127.0.0.1 since the namespace is the same, are added
                // to the shared hosts file where it does not name them yet (a pod's own hostname usually is).
                var sharedHosts = Path.Combine(otherState!.RunDirectory, "hosts");
                if (!spec.NoHosts && File.Exists(sharedHosts))
                {
                    var addition = HostsFileBuilder.AdditionFor(File.ReadAllText(sharedHosts), [hostname, context.ContainerName]);
                    if (addition.Length > 0)
                    {
                        File.AppendAllText(sharedHosts, addition);
                    }
                }
            }
        }
        else if (mode.StartsWith("slirp4netns", StringComparison.Ordinal) || mode.StartsWith("pasta", StringComparison.Ordinal))
        {
            ns = SetUpUserMode(context, state, mode, out helper);
        }
        else
        {
            throw new VainaException($"invalid network mode \"{mode}\"");
        }

        if (mode != "bridge" && state.NetnsPath is null)
        {
            Database.RunInTransaction((c, t) =>
            {
                SaveAttachments(c, t, context.ContainerId, context.ContainerName, LoadAttachmentsIn(c, t, context.ContainerId) ?? []);
                SaveState(c, t, context.ContainerId, state);
            });
        }

        if (mode != "host" || spec.Hostname is not null)
        {
            mounts.Add(WriteFile(context.RunDirectory, "hostname", hostname + "\n", "/etc/hostname"));
        }

        if (!mode.StartsWith("container:", StringComparison.Ordinal))
        {
            if (!spec.NoHosts)
            {
                mounts.Add(WriteFile(context.RunDirectory, "hosts", netavark is null ? BuildHosts(state, context.ContainerName) : "", "/etc/hosts"));
            }

            // No network, no name servers: Podman leaves the image's own /etc/resolv.conf (if any) with --network none.
            if (mode != "none")
            {
                mounts.Add(WriteFile(context.RunDirectory, "resolv.conf", netavark is null ? BuildResolvConf(state) : "", "/etc/resolv.conf"));
            }
        }

        var setup = new ContainerNetworkSetup
        {
            Namespace = ns,
            Mounts = mounts,
            NetworkSettings = BuildNetworkSettings(state),
            Hostname = hostname,
        };
        if (netavark is not null)
        {
            setup.Ready = CompleteAsync(netavark, setup, state, context.ContainerName);
        }
        else if (helper is not null)
        {
            // pasta/slirp4netns answers change none of the files: only the wait for them is left.
            setup.Ready = helper;
        }

        return setup;
    }

    private async Task CompleteAsync(Task netavark, ContainerNetworkSetup setup, ContainerNetworkState state, string containerName)
    {
        await netavark.ConfigureAwait(false);
        RewriteFiles(state, containerName);
        setup.NetworkSettings = BuildNetworkSettings(state);
    }

    /// <summary>
    /// Releases what <see cref="SetUpAsync"/> took: netavark teardown (veth, firewall rules, DNS entries), the
    /// addresses, the ports and the namespace file. Idempotent, and tolerant of half-done state: a missing
    /// namespace (reboot) or a netavark failure is warned about and the rest is still released.
    /// </summary>
    public Task TearDownAsync(string containerId, CancellationToken cancellationToken)
    {
        using var rootless = LockRootlessNetns();
        var state = LoadState(containerId);

        // Rootless bridges live in the rootless namespace: when it is gone, so are they (and their rules).
        var bridgeAlive = rootless is null || RootlessNetns.IsAlive();
        if (state is not null && state.Mode == "bridge" && state.Options is not null && state.Options.Networks.Count > 0 && bridgeAlive)
        {
            RunTeardown(state.NetnsPath, state.Options);
        }

        if (rootless is not null && state is not null && bridgeAlive)
        {
            foreach (var id in state.ForwardIds)
            {
                RootlessNetns.RemoveForward(id);
            }
        }

        if (state?.NetnsPath is { } netns)
        {
            // Only published ports must be free again when this returns (a restart binds them again).
            UserModeNetworkProcess.Stop(state.HelperPid, netns, waitForExit: state.Ports.Count > 0);
            File.Delete(netns + ".sock");
            try
            {
                NetworkNamespaceFile.Remove(netns);
            }
            catch (Exception e) when (e is IOException or VainaException)
            {
                Warn($"failed to remove network namespace {netns}: {e.Message}");
            }
        }

        Database.RunInTransaction((c, t) =>
        {
            IpAddressAllocator.Release(c, t, containerId);
            StateDatabase.Execute(c, t, "DELETE FROM port_reservations WHERE container_id=@p0", containerId);
            SaveState(c, t, containerId, null);
        });
        if (rootless is not null && state?.Mode == "bridge")
        {
            RemoveRootlessNetnsIfUnused();
        }

        return Task.CompletedTask;
    }

    private void RunTeardown(string? netnsPath, NetavarkNetworkOptions options)
    {
        var runner = CreateRunner();
        string? scratch = null;
        try
        {
            // Without the namespace (reboot, removed by hand) netavark still has firewall rules and DNS entries
            // to drop; an empty namespace lets it run.
            if (netnsPath is null || !NetworkNamespaceFile.IsMounted(netnsPath))
            {
                scratch = NetworkNamespaceFile.Create(NetworkNamespaceFile.NewPath(NetnsDirectory));
            }

            runner.Teardown(scratch ?? netnsPath!, options);
        }
        catch (VainaException e)
        {
            if (scratch is null)
            {
                Warn($"failed to tear down network of container {options.ContainerId}: {e.Message}");
            }
        }
        finally
        {
            if (scratch is not null)
            {
                NetworkNamespaceFile.Remove(scratch);
            }
        }
    }

    /// <param name="netavark">Set when `netavark setup` still runs (rootful): completes once it has and the state is saved.</param>
    private NamespaceOption SetUpBridge(ContainerNetworkContext context, ContainerNetworkState state, out Task? netavark)
    {
        netavark = null;
        var spec = context.Spec;
        var store = Definitions;
        var attachments = LoadAttachments(context.ContainerId) ?? AttachmentsFromSpec(spec, context.ContainerId);
        var networks = attachments.Select(a => store.Get(a.Network)).ToList();
        var requested = RequestedPorts(spec);
        var netnsPath = NetworkNamespaceFile.NewPath(NetnsDirectory);
        state.NetnsPath = netnsPath;
        var options = new NetavarkNetworkOptions { ContainerId = context.ContainerId, ContainerName = context.ContainerName };
        using var rootless = LockRootlessNetns();
        Database.RunInTransaction((c, t) =>
        {
            SaveAttachments(c, t, context.ContainerId, context.ContainerName, attachments);
            state.Ports = ReservePorts(c, t, context.ContainerId, requested);
            for (var i = 0; i < attachments.Count; i++)
            {
                options.Networks[networks[i].Name] = PerNetworkOptions(c, t, networks[i], attachments[i], context.ContainerId);
                options.NetworkInfo[networks[i].Name] = networks[i];
            }

            options.PortMappings = state.Ports.Count == 0 ? null : rootless is null ? state.Ports : RootlessNetavarkPorts(c, t, context.ContainerId, state.Ports);
            options.DnsServers = spec.Dns.Count > 0 && networks.Any(n => n.DnsEnabled) ? spec.Dns.ToList() : null;
            state.Options = options;

            // Recorded before anything is created, so that a crash from here on can be torn down.
            SaveState(c, t, context.ContainerId, state);
        });

        try
        {
            NetworkNamespaceFile.Create(netnsPath, context.UserNamespacePath);
            if (rootless is not null)
            {
                EnsureRootlessNetns();
            }
            else if (options.Networks.Count > 0)
            {
                // The rootless namespace's lock is held for the whole set-up, so only rootful runs overlap.
                // On failure the state saved above lets the caller's teardown release everything.
                netavark = Task.Run(() =>
                {
                    state.Status = CreateRunner().Setup(netnsPath, options);
                    Database.RunInTransaction((c, t) => SaveState(c, t, context.ContainerId, state));
                });
                return NamespaceOption.Join(netnsPath);
            }

            if (options.Networks.Count > 0)
            {
                state.Status = CreateRunner().Setup(netnsPath, options);
            }

            if (rootless is not null)
            {
                AddRootlessForwards(state);
            }

            Database.RunInTransaction((c, t) => SaveState(c, t, context.ContainerId, state));
        }
        catch
        {
            // Never leave a namespace, addresses, ports or forwards of a container that did not start.
            Database.RunInTransaction((c, t) => SaveState(c, t, context.ContainerId, state));
            TearDownAsync(context.ContainerId, CancellationToken.None).GetAwaiter().GetResult();
            throw;
        }

        return NamespaceOption.Join(netnsPath);
    }

    private NetavarkPerNetworkOptions PerNetworkOptions(SqliteConnection c, SqliteTransaction t, NetworkDefinition network, ContainerNetworkAttachment attachment, string containerId)
    {
        var ips = network.IpamDriver == "host-local"
            ? IpAddressAllocator.Allocate(c, t, network, containerId, attachment.StaticIps)
            : attachment.StaticIps.ToList();
        List<string>? aliases = null;
        if (network.DnsEnabled)
        {
            aliases = attachment.Aliases.ToList();
            var shortId = containerId[..Math.Min(12, containerId.Length)];
            if (!aliases.Contains(shortId))
            {
                aliases.Add(shortId);
            }
        }

        return new NetavarkPerNetworkOptions
        {
            InterfaceName = attachment.InterfaceName,
            StaticIps = ips.Count > 0 ? ips : null,
            StaticMac = attachment.StaticMac,
            Aliases = aliases,
        };
    }

    /// <summary>The attachments a spec asks for: its networks (or the default one), with per-network options.</summary>
    internal List<ContainerNetworkAttachment> AttachmentsFromSpec(ContainerNetworkSpec spec, string containerId)
    {
        var names = spec.Networks.Count > 0 ? spec.Networks : [_engine.Config.Containers.Network.DefaultNetwork];
        var list = new List<ContainerNetworkAttachment>();
        foreach (var entry in names)
        {
            var attachment = ParseNetworkEntry(entry);
            if (list.Any(a => a.Network == attachment.Network))
            {
                throw new VainaException($"network {attachment.Network} was specified more than once");
            }

            list.Add(attachment);
        }

        var global = spec.Ip is not null || spec.Ip6 is not null || spec.Mac is not null || spec.Aliases.Count > 0;
        if (global)
        {
            if (list.Count > 1)
            {
                throw new VainaException("--ip, --ip6, --mac-address and --network-alias can only be set for a single network; use --network NAME:ip=...,mac=...,alias=... instead");
            }

            var a = list[0];
            if (spec.Ip is not null)
            {
                a.StaticIps.Add(CheckIp(spec.Ip, false));
            }

            if (spec.Ip6 is not null)
            {
                a.StaticIps.Add(CheckIp(spec.Ip6, true));
            }

            a.StaticMac ??= spec.Mac is null ? null : CheckMac(spec.Mac);
            a.Aliases.AddRange(spec.Aliases.Where(x => !a.Aliases.Contains(x)));
        }

        var used = list.Where(a => a.InterfaceName.Length > 0).Select(a => a.InterfaceName).ToHashSet(StringComparer.Ordinal);
        var next = 0;
        foreach (var a in list.Where(a => a.InterfaceName.Length == 0))
        {
            while (used.Contains("eth" + next.ToString(CultureInfo.InvariantCulture)))
            {
                next++;
            }

            a.InterfaceName = "eth" + next.ToString(CultureInfo.InvariantCulture);
            used.Add(a.InterfaceName);
        }

        return list;
    }

    /// <summary>"NAME" or "NAME:ip=..,ip6=..,mac=..,alias=..,interface_name=.." (Podman's per-network options).</summary>
    internal static ContainerNetworkAttachment ParseNetworkEntry(string entry)
    {
        var colon = entry.IndexOf(':');
        var attachment = new ContainerNetworkAttachment { Network = colon < 0 ? entry : entry[..colon] };
        if (colon < 0)
        {
            return attachment;
        }

        foreach (var option in entry[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=');
            var key = eq < 0 ? option : option[..eq];
            var value = eq < 0 ? "" : option[(eq + 1)..];
            switch (key)
            {
                case "ip":
                    attachment.StaticIps.Add(CheckIp(value, false));
                    break;
                case "ip6":
                    attachment.StaticIps.Add(CheckIp(value, true));
                    break;
                case "mac":
                    attachment.StaticMac = CheckMac(value);
                    break;
                case "alias":
                    attachment.Aliases.Add(value);
                    break;
                case "interface_name":
                    attachment.InterfaceName = value;
                    break;
                default:
                    throw new VainaException($"unknown bridge network option: {key}");
            }
        }

        return attachment;
    }

    private static string CheckIp(string text, bool v6)
    {
        if (!IPAddress.TryParse(text, out var ip) || (ip.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6) != v6)
        {
            throw new VainaException($"{text} is not an {(v6 ? "IPv6" : "IPv4")} address");
        }

        return ip.ToString();
    }

    private static string CheckMac(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)))
        {
            throw new VainaException($"address {text}: invalid MAC address");
        }

        return text.ToLowerInvariant();
    }

    /// <summary>-p mappings plus, with -P, every exposed port (image and --expose) not already published, to random host ports.</summary>
    private static List<NetavarkPortMapping> RequestedPorts(ContainerNetworkSpec spec)
    {
        var list = spec.Ports.SelectMany(PortMappingParser.Parse).ToList();
        if (spec.PublishAll)
        {
            foreach (var exposed in spec.ExposedPorts)
            {
                var (start, count, protocol) = PortMappingParser.ParseExposed(exposed);
                for (var i = 0; i < count; i++)
                {
                    var port = (ushort)(start + i);
                    if (!list.Any(m => m.Protocol == protocol && port >= m.ContainerPort && port < m.ContainerPort + m.Range))
                    {
                        list.Add(new NetavarkPortMapping { ContainerPort = port, Protocol = protocol, Range = 1 });
                    }
                }
            }
        }

        return list;
    }

    /// <summary>Reserves host ports in the DB (refusing ones other containers publish or the host has bound) and picks random ones.</summary>
    private static List<NetavarkPortMapping> ReservePorts(SqliteConnection c, SqliteTransaction t, string containerId, List<NetavarkPortMapping> requested)
    {
        bool Reserved(string protocol, string hostIp, ushort port)
            => StateDatabase.Scalar(c, t, "SELECT container_id FROM port_reservations WHERE protocol=@p0 AND host_port=@p1 AND (host_ip=@p2 OR host_ip='' OR @p2='') AND container_id<>@p3 LIMIT 1",
                protocol, (long)port, hostIp, containerId) is not null;

        var result = new List<NetavarkPortMapping>();
        foreach (var m in requested)
        {
            var mapping = new NetavarkPortMapping { HostIp = m.HostIp, ContainerPort = m.ContainerPort, HostPort = m.HostPort, Range = m.Range, Protocol = m.Protocol };
            if (mapping.HostPort == 0)
            {
                mapping.HostPort = PortAllocator.RandomFree(mapping.Protocol, mapping.HostIp, mapping.Range,
                    p => Reserved(mapping.Protocol, mapping.HostIp, p) || result.Any(r => r.Protocol == mapping.Protocol && p >= r.HostPort && p < r.HostPort + r.Range));
            }
            else
            {
                for (var i = 0; i < mapping.Range; i++)
                {
                    var port = (ushort)(mapping.HostPort + i);
                    if (Reserved(mapping.Protocol, mapping.HostIp, port) || result.Any(r => r.Protocol == mapping.Protocol && port >= r.HostPort && port < r.HostPort + r.Range))
                    {
                        throw new VainaException(PortAllocator.InUseMessage(mapping.Protocol, mapping.HostIp, port));
                    }
                }

                PortAllocator.EnsureFree(mapping);
            }

            for (var i = 0; i < mapping.Range; i++)
            {
                StateDatabase.Execute(c, t, "INSERT OR REPLACE INTO port_reservations(protocol, host_port, host_ip, container_id) VALUES (@p0, @p1, @p2, @p3)",
                    mapping.Protocol, (long)(mapping.HostPort + i), mapping.HostIp, containerId);
            }

            result.Add(mapping);
        }

        return result;
    }

    private static List<ContainerNetworkAttachment>? LoadAttachmentsIn(SqliteConnection c, SqliteTransaction t, string containerId)
        => StateDatabase.Scalar(c, t, "SELECT attachments FROM container_networks WHERE container_id=@p0", containerId) is string json
            ? global::System.Text.Json.JsonSerializer.Deserialize(json, NetworkStateJsonContext.Default.ListContainerNetworkAttachment)
            : null;

    private string BuildHosts(ContainerNetworkState state, string containerName, bool loopbackOnly = false)
    {
        var spec = state.Spec;
        var ips = new List<string>();
        string? gateway = null;
        string? gateway6 = null;
        foreach (var (network, block) in state.Status.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var iface in block.Interfaces?.Values ?? Enumerable.Empty<NetavarkInterface>())
            {
                foreach (var address in iface.Subnets ?? [])
                {
                    var ip = address.IpNet.Split('/')[0];
                    ips.Add(ip);
                    var isBridge = state.Options?.NetworkInfo.TryGetValue(network, out var def) == true && def.Driver == "bridge";
                    if (isBridge && address.Gateway is { } gw)
                    {
                        if (gw.Contains(':'))
                        {
                            gateway6 ??= gw;
                        }
                        else
                        {
                            gateway ??= gw;
                        }
                    }
                }
            }
        }

        // Podman 4.3.1: the (IPv4 first) gateway of a bridge network as root; otherwise, and always rootless,
        // the host's first address.
        var configured = _engine.Config.Containers.Containers.HostContainersInternalIp;
        var hostInternal = configured switch
        {
            "none" => null,
            { Length: > 0 } => configured,
            _ => (_engine.Config.IsRootless ? null : gateway ?? gateway6) ?? FirstHostAddress(),
        };
        var baseFile = _engine.Config.Containers.Containers.BaseHostsFile;
        string? baseContent = baseFile switch
        {
            "none" => "",
            "" => HostHostsFile(),
            "image" => state.Mode == "host" ? HostHostsFile() : ImageHostsFile(state.RootfsPath),
            _ => File.Exists(baseFile) ? File.ReadAllText(baseFile) : null,
        };
        IReadOnlyList<string> containerIps = state.Mode switch
        {
            _ when loopbackOnly => ["127.0.0.1"],
            "bridge" => ips,
            "none" or "private" => ["127.0.0.1"],
            _ when state.HelperAddress is { } helper => [helper],
            _ => [],
        };
        return new HostsFileBuilder
        {
            AddHosts = spec.AddHosts,
            ContainerIps = containerIps,
            Hostname = state.Hostname,
            ContainerName = containerName,
            HostContainersInternalIp = hostInternal,
            BaseContent = baseContent,
        }.Build();
    }

    private string BuildResolvConf(ContainerNetworkState state)
    {
        var spec = state.Spec;
        var aardvark = new List<string>();
        var search = new List<string>();
        foreach (var block in state.Status.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value))
        {
            aardvark.AddRange((block.DnsServerIps ?? []).Where(ip => !aardvark.Contains(ip)));
            search.AddRange((block.DnsSearchDomains ?? []).Where(d => !search.Contains(d)));
        }

        return new ResolvConfBuilder
        {
            AardvarkServers = aardvark,
            NetworkSearchDomains = search,
            Dns = spec.Dns.Count > 0 ? spec.Dns : _engine.Config.Containers.Containers.DnsServers,
            DnsSearch = spec.DnsSearch.Count > 0 ? spec.DnsSearch : _engine.Config.Containers.Containers.DnsSearches,
            DnsOptions = spec.DnsOptions.Count > 0 ? spec.DnsOptions : _engine.Config.Containers.Containers.DnsOptions,
            KeepLoopback = state.Mode == "host",
            ForwarderServers = state.HelperDns is { } forwarder ? [forwarder] : [],
            HostContent = ResolvConfBuilder.ReadHostResolvConf(),
        }.Build();
    }

    /// <summary>The network namespace of a running container's process (/proc/PID/ns/net), or null.</summary>
    private string? ProcessNetnsPath(string containerId)
        => _engine.Containers.Records.TryGet(containerId) is { State: Containers.ContainerState.Running, Pid: > 0 } record
           && File.Exists($"/proc/{record.Pid}/ns/net")
            ? $"/proc/{record.Pid}/ns/net"
            : null;

    /// <summary>Go's util.GetLocalIP: the first non-loopback IPv4 address of the host, else its last IPv6 one.</summary>
    private static string? FirstHostAddress()
    {
        string? ipv6 = null;
        foreach (var nic in global::System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (IPAddress.IsLoopback(address.Address))
                {
                    continue;
                }

                if (address.Address.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    return address.Address.ToString();
                }

                ipv6 = new IPAddress(address.Address.GetAddressBytes()).ToString();
            }
        }

        return ipv6;
    }

    /// <summary>Podman's NetworkSettings for inspect: top-level fields from the only (or first) network, Ports, Networks.</summary>
    internal static JsonObject BuildNetworkSettings(ContainerNetworkState state)
    {
        var ports = new JsonObject();
        foreach (var m in state.Ports)
        {
            for (var i = 0; i < m.Range; i++)
            {
                var key = $"{m.ContainerPort + i}/{m.Protocol}";
                if (ports[key] is not JsonArray list)
                {
                    list = [];
                    ports[key] = list;
                }

                list.Add((JsonNode)new JsonObject { ["HostIp"] = m.HostIp, ["HostPort"] = (m.HostPort + i).ToString(CultureInfo.InvariantCulture) });
            }
        }

        foreach (var exposed in state.Spec.ExposedPorts)
        {
            try
            {
                var (start, count, protocol) = PortMappingParser.ParseExposed(exposed);
                for (var i = 0; i < count; i++)
                {
                    var key = $"{start + i}/{protocol}";
                    if (!ports.ContainsKey(key))
                    {
                        ports[key] = null;
                    }
                }
            }
            catch (VainaException)
            {
            }
        }

        var networks = new JsonObject();
        JsonObject? first = null;
        if (state.Mode == "bridge")
        {
            foreach (var (name, per) in state.Options?.Networks ?? [])
            {
                var entry = EndpointSettings(state, name, per);
                networks[name] = entry;
                first ??= entry;
            }
        }

        var settings = new JsonObject
        {
            ["EndpointID"] = "",
            ["Gateway"] = first?["Gateway"]?.GetValue<string>() ?? "",
            ["IPAddress"] = first?["IPAddress"]?.GetValue<string>() ?? "",
            ["IPPrefixLen"] = first?["IPPrefixLen"]?.GetValue<int>() ?? 0,
            ["IPv6Gateway"] = first?["IPv6Gateway"]?.GetValue<string>() ?? "",
            ["GlobalIPv6Address"] = first?["GlobalIPv6Address"]?.GetValue<string>() ?? "",
            ["GlobalIPv6PrefixLen"] = first?["GlobalIPv6PrefixLen"]?.GetValue<int>() ?? 0,
            ["MacAddress"] = first?["MacAddress"]?.GetValue<string>() ?? "",
            ["Bridge"] = "",
            ["SandboxID"] = "",
            ["HairpinMode"] = false,
            ["LinkLocalIPv6Address"] = "",
            ["LinkLocalIPv6PrefixLen"] = 0,
            ["Ports"] = ports,
            ["SandboxKey"] = state.NetnsPath ?? "",
        };
        if (state.Mode == "bridge")
        {
            settings["Networks"] = networks;
        }

        return settings;
    }

    private static JsonObject EndpointSettings(ContainerNetworkState state, string network, NetavarkPerNetworkOptions per)
    {
        string ip = "", gateway = "", ip6 = "", gateway6 = "", mac = "";
        int prefix = 0, prefix6 = 0;
        if (state.Status.TryGetValue(network, out var block) && block.Interfaces is not null && block.Interfaces.TryGetValue(per.InterfaceName, out var iface))
        {
            mac = iface.MacAddress;
            foreach (var address in iface.Subnets ?? [])
            {
                var parts = address.IpNet.Split('/');
                var len = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
                if (parts[0].Contains(':'))
                {
                    (ip6, prefix6, gateway6) = (parts[0], len, address.Gateway ?? "");
                }
                else
                {
                    (ip, prefix, gateway) = (parts[0], len, address.Gateway ?? "");
                }
            }
        }

        var aliases = new JsonArray();
        foreach (var alias in per.Aliases ?? [])
        {
            aliases.Add((JsonNode?)JsonValue.Create(alias));
        }

        return new JsonObject
        {
            ["EndpointID"] = "",
            ["Gateway"] = gateway,
            ["IPAddress"] = ip,
            ["IPPrefixLen"] = prefix,
            ["IPv6Gateway"] = gateway6,
            ["GlobalIPv6Address"] = ip6,
            ["GlobalIPv6PrefixLen"] = prefix6,
            ["MacAddress"] = mac,
            ["NetworkID"] = network,
            ["DriverOpts"] = null,
            ["IPAMConfig"] = null,
            ["Links"] = null,
            ["Aliases"] = aliases,
        };
    }

    private static BindMount WriteFile(string dir, string name, string content, string destination)
    {
        var path = Path.Combine(dir, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temp, path, overwrite: true);
        return new BindMount(path, destination, ["rbind", "rprivate"]);
    }
}
