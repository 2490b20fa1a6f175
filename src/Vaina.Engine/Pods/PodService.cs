using System.Text.RegularExpressions;
using Vaina.Engine.Containers;
using Vaina.Engine.Networks;

namespace Vaina.Engine.Pods;

/// <summary>
/// Pods: groups of containers that join the kernel namespaces of one infra container (net, ipc and uts by
/// default) and are started, stopped and removed as one. A pod's status is derived from its containers.
/// </summary>
public sealed partial class PodService
{
    /// <summary>Podman's default --share.</summary>
    public static readonly IReadOnlyList<string> DefaultSharedNamespaces = ["ipc", "net", "uts"];

    private readonly VainaEngine _engine;
    private PodStore? _records;

    internal PodService(VainaEngine engine)
    {
        _engine = engine;
    }

    public PodStore Records => _records ??= new PodStore(_engine.Store.Database);

    public PodRecord Get(string idOrName) => Records.Get(idOrName);

    public PodRecord? TryGet(string idOrName) => Records.TryGet(idOrName);

    public IReadOnlyList<PodRecord> List() => Records.List();

    /// <summary>The most recently created pod (`--latest`).</summary>
    public PodRecord Latest() => List().LastOrDefault() ?? throw new VainaException("no pods to get latest from: no such pod");

    /// <summary>The pod's containers, reconciled, the infra container first.</summary>
    public IReadOnlyList<ContainerRecord> ContainersOf(PodRecord pod)
        => _engine.Containers.List().Where(c => c.Config.Pod == pod.Id).OrderByDescending(c => c.Config.IsInfra).ThenBy(c => c.Created).ToList();

    public string StatusOf(PodRecord pod) => PodState.Of(ContainersOf(pod));

    /// <summary>Creates the pod and (unless --infra=false) its infra container, not started (Podman: "Created").</summary>
    public async Task<PodRecord> CreateAsync(PodCreateRequest request, CancellationToken cancellationToken)
    {
        var config = request.Config;
        if (request.Name is { } given && !ValidName().IsMatch(given))
        {
            throw new VainaException("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }

        if (config.ExitPolicy is not ("continue" or "stop"))
        {
            throw new VainaException($"running pod create option: invalid pod exit policy: \"{config.ExitPolicy}\"");
        }

        if (!config.Infra)
        {
            if (config.SharedNamespaces.Count > 0)
            {
                throw new VainaException($"cannot set share({string.Join(',', config.SharedNamespaces)}) namespaces without an infra container");
            }

            if (request.Network.Ports.Count > 0)
            {
                throw new VainaException("you must have an infra container to publish port bindings to the host");
            }

            if (request.InfraName is not null)
            {
                throw new VainaException("cannot set infra-name without an infra container");
            }
        }

        if (config.Shares("cgroup") && config.ShareParent)
        {
            throw new VainaException("cannot define the pod as the cgroup parent at the same time as joining the infra container's cgroupNS: invalid argument");
        }

        var limits = PodCgroupWriter.Limits(config);
        ResolveCgroupParent(config);

        if (request.Replace)
        {
            if (request.Name is null)
            {
                throw new VainaException("cannot replace pod without --name being set");
            }

            if (TryGet(request.Name) is { } old && old.Name == request.Name)
            {
                await RemoveAsync(old.Id, force: true, timeout: null, cancellationToken).ConfigureAwait(false);
            }
        }

        var id = ContainerService.NewId();
        var name = request.Name ?? ContainerNameGenerator.Generate(n => TryGet(n) is { } p && p.Name == n || _engine.Containers.Records.TryGet(n) is { } c && c.Name == n);
        if (config.UtsMode == "host" && config.Hostname.Length > 0)
        {
            throw new VainaException("cannot set hostname when running in the host UTS namespace: invalid configuration");
        }

        if (config.Hostname.Length == 0 && config.UtsMode != "host")
        {
            config.Hostname = name;
            config.DefaultHostname = true;
        }

        config.SharedNamespaces = [.. config.SharedNamespaces.Distinct().Order(StringComparer.Ordinal)];
        var pod = new PodRecord { Id = id, Name = name, Config = config, Created = DateTimeOffset.UtcNow };
        Records.Insert(pod);
        try
        {
            if (HasOwnCgroup(pod))
            {
                CreatePodCgroup(pod, limits);
            }
        }
        catch
        {
            Records.Delete(id);
            throw;
        }

        if (!config.Infra)
        {
            return pod;
        }

        try
        {
            var conf = _engine.Config.Containers.Engine;
            var image = request.InfraImage ?? (conf.InfraImage.Length > 0 ? conf.InfraImage : await PauseImageBuilder.EnsureAsync(_engine, cancellationToken).ConfigureAwait(false));
            var command = request.InfraCommand ?? (conf.InfraCommand.Length > 0 ? [conf.InfraCommand] : null);
            var infraConfig = new ContainerConfig
            {
                Entrypoint = command?.ToList(),
                Network = config.Shares("net") ? WithHostname(request.Network, config.Shares("uts") ? HostnameOf(config) : request.Network.Hostname) : new ContainerNetworkSpec(),
                Hostname = config.Shares("uts") ? HostnameOf(config) : null,
                Pod = id,
                IsInfra = true,
                CgroupParent = PodCgroupParent(pod),
                // The pod's cgroup namespace: the infra's own, which the members join.
                CgroupnsMode = config.Shares("cgroup") ? "private" : null,
                PidMode = config.PidMode,
                UtsMode = config.UtsMode,
                Sysctls = [.. config.Sysctls],
                SecurityOpts = [.. config.SecurityOpts],
                ShmSize = config.ShmSize,
                ConmonPidFile = config.InfraConmonPidFile,
                Volumes = new Volumes.ContainerMountSpec { Volumes = [.. config.Volumes], VolumesFrom = [.. config.VolumesFrom] },
                UsernsMode = config.UsernsMode,
            };
            if (!HasOwnCgroup(pod))
            {
                InheritLimits(config, infraConfig);
            }

            var infra = await _engine.Containers.CreateAsync(
                new ContainerCreateRequest
                {
                    Image = image,
                    Name = request.InfraName ?? id[..12] + "-infra",
                    Config = infraConfig,
                    PullProgress = request.PullProgress,
                },
                cancellationToken).ConfigureAwait(false);
            Records.Update(id, p => p.InfraId = infra.Id);
            pod.InfraId = infra.Id;
        }
        catch
        {
            Records.Delete(id);
            RemovePodCgroup(pod);
            throw;
        }

        return pod;
    }

    /// <summary>
    /// `run`/`create --pod NAME|new:NAME`: creates the pod for new:, refuses network settings the pod owns, and
    /// points the container's shared namespaces at the infra container; limits, volumes and restart policy the
    /// container does not set come from the pod.
    /// </summary>
    internal async Task JoinAsync(ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        if (request.Pod is not { } target || request.Config.IsInfra)
        {
            return;
        }

        var config = request.Config;
        PodRecord pod;
        if (target.StartsWith("new:", StringComparison.Ordinal))
        {
            // The container's network settings and hostname become the new pod's (Podman's createPodIfNecessary).
            pod = await CreateAsync(
                new PodCreateRequest
                {
                    Name = target[4..],
                    Config = new PodConfig { SharedNamespaces = [.. DefaultSharedNamespaces], Hostname = config.Hostname ?? string.Empty },
                    Network = config.Network,
                    PullProgress = request.PullProgress,
                },
                cancellationToken).ConfigureAwait(false);
            config.Network = new ContainerNetworkSpec();
            config.Hostname = null;
        }
        else
        {
            pod = Get(target);
        }

        var network = config.Network;
        if (pod.Config.Shares("net"))
        {
            if (network.Networks.Count > 0 || network.Mode != "bridge")
            {
                throw new VainaException("networks must be defined when the pod is created: network cannot be configured when it is shared with a pod");
            }

            if (network.Ports.Count > 0 || network.PublishAll)
            {
                throw new VainaException("published or exposed ports must be defined when the pod is created: network cannot be configured when it is shared with a pod");
            }

            if (network.AddHosts.Count > 0)
            {
                throw new VainaException("extra host entries must be specified on the pod: network cannot be configured when it is shared with a pod");
            }
        }

        if (pod.Config.Shares("uts") && config.Hostname is not null)
        {
            throw new VainaException("invalid config provided: cannot set hostname when joining the pod UTS namespace: invalid configuration");
        }

        config.Pod = pod.Id;
        if (pod.InfraId is { } infra)
        {
            var join = "container:" + infra;
            var hostname = pod.Config.Shares("uts") ? HostnameOf(pod.Config) : null;
            // A pod on the host's network has no namespace to join: its members use the host's too.
            var infraMode = _engine.Containers.Records.TryGet(infra)?.Config.Network.Mode;
            config.Network = pod.Config.Shares("net")
                ? new ContainerNetworkSpec { Mode = infraMode == "host" ? "host" : join, Hostname = hostname, ExposedPorts = network.ExposedPorts, NoHosts = network.NoHosts }
                : WithHostname(network, hostname ?? network.Hostname);
            config.IpcMode = pod.Config.Shares("ipc") ? join : config.IpcMode;
            config.UtsMode = pod.Config.Shares("uts") ? join : config.UtsMode;
            config.PidMode = pod.Config.Shares("pid") ? join : config.PidMode;
            config.CgroupnsMode = pod.Config.Shares("cgroup") ? join : config.CgroupnsMode;
        }

        // With a pod cgroup the limits are the pod's total, written there once; else each member gets them.
        if (!HasOwnCgroup(pod))
        {
            InheritLimits(pod.Config, config);
        }

        config.CgroupParent ??= PodCgroupParent(pod);
        config.Volumes.Volumes.InsertRange(0, pod.Config.Volumes.Where(v => !config.Volumes.Volumes.Contains(v)));
        config.Volumes.VolumesFrom.InsertRange(0, pod.Config.VolumesFrom.Where(v => !config.Volumes.VolumesFrom.Contains(v)));
        config.Devices.InsertRange(0, pod.Config.Devices.Where(d => !config.Devices.Contains(d)));
        config.SecurityOpts.InsertRange(0, pod.Config.SecurityOpts.Where(o => !config.SecurityOpts.Contains(o)));
        config.ShmSize ??= pod.Config.ShmSize;
        if (config.RestartPolicy.Length == 0 && pod.Config.RestartPolicy.Length > 0 && !config.AutoRemove)
        {
            config.RestartPolicy = pod.Config.RestartPolicy;
            config.RestartRetries = pod.Config.RestartRetries;
        }
    }

    /// <summary>
    /// Starting a member starts the pod's infra container first (its namespaces must exist); the pod's cgroup
    /// is made again if it went (a reboot) before any container of the pod starts.
    /// </summary>
    internal async Task StartInfraOfAsync(ContainerRecord member, CancellationToken cancellationToken)
    {
        if (member.Config.Pod is not { } podId || Records.TryGet(podId) is not { } pod)
        {
            return;
        }

        if (HasOwnCgroup(pod) && !PodCgroupExists(pod))
        {
            CreatePodCgroup(pod, PodCgroupWriter.Limits(pod.Config));
        }

        if (member.Config.IsInfra || pod.InfraId is not { } infra)
        {
            return;
        }

        var record = _engine.Containers.TryGet(infra) ?? throw new VainaException($"pod {podId} has no infra container {infra}: no such container");
        if (record.State is not (ContainerState.Running or ContainerState.Paused))
        {
            await _engine.Containers.StartAsync(infra, attach: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Podman refuses `rm` of an infra container while its pod exists (even with --force).</summary>
    internal void CheckRemovable(ContainerRecord record)
    {
        if (record.Config.IsInfra && record.Config.Pod is { } podId && Records.TryGet(podId) is { Config.Removing: false } pod)
        {
            throw new VainaException($"container {record.Id} is the infra container of pod {pod.Id} and cannot be removed without removing the pod");
        }
    }

    /// <summary>--exit-policy stop: once the last member has exited, the infra container is stopped too.</summary>
    internal async Task MemberExitedAsync(ContainerRecord member, CancellationToken cancellationToken)
    {
        if (member.Config.Pod is not { } podId || member.Config.IsInfra || Records.TryGet(podId) is not { } pod
            || pod.Config.ExitPolicy != "stop" || pod.InfraId is not { } infra)
        {
            return;
        }

        var members = ContainersOf(pod).Where(c => !c.Config.IsInfra).ToList();
        if (members.Any(c => ContainerState.IsActive(c.State)))
        {
            return;
        }

        await _engine.Containers.StopAsync(infra, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The members live under the pod's cgroup unless --share-parent=false: cgroupfs Podman's PARENT/POD-ID, systemd
    /// the slice PARENT/machine-libpod_pod_ID.slice (a pod made under the other manager keeps its members where they were).
    /// </summary>
    private string? PodCgroupParent(PodRecord pod)
        => pod.Config.ShareParent && IsSystemdPod(pod) == (_engine.Containers.CgroupManager == CgroupManagerSelector.Systemd) ? CgroupPathOf(pod) : null;

    /// <summary>
    /// Whether the pod has a cgroup of its own holding its limits: --share-parent, and root or a systemd slice (as
    /// Podman, a rootless cgroupfs pod cannot create one; a user's own systemd manager makes the slice).
    /// </summary>
    private bool HasOwnCgroup(PodRecord pod) => PodCgroupParent(pod) is not null && (!_engine.Config.IsRootless || IsSystemdPod(pod));

    /// <summary>The hostname the pod's UTS namespace gets (none in the host's).</summary>
    private static string? HostnameOf(PodConfig config) => config.UtsMode == "host" || config.Hostname.Length == 0 ? null : config.Hostname;

    private static void InheritLimits(PodConfig pod, ContainerConfig config)
    {
        config.Cpus ??= pod.Cpus;
        config.CpusetCpus ??= pod.CpusetCpus;
        config.CpusetMems ??= pod.CpusetMems;
        config.CpuShares ??= pod.CpuShares;
        config.Memory ??= pod.Memory;
        config.MemorySwap ??= pod.MemorySwap;
        config.PidsLimit ??= pod.PidsLimit;
    }

    private static ContainerNetworkSpec WithHostname(ContainerNetworkSpec spec, string? hostname) => new()
    {
        Mode = spec.Mode,
        Networks = spec.Networks,
        Ports = spec.Ports,
        PublishAll = spec.PublishAll,
        ExposedPorts = spec.ExposedPorts,
        Aliases = spec.Aliases,
        Ip = spec.Ip,
        Ip6 = spec.Ip6,
        Mac = spec.Mac,
        Dns = spec.Dns,
        DnsSearch = spec.DnsSearch,
        DnsOptions = spec.DnsOptions,
        AddHosts = spec.AddHosts,
        NoHosts = spec.NoHosts,
        Hostname = hostname,
    };

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ValidName();
}
