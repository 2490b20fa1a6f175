namespace Vaina.Engine.Pods;

/// <summary>
/// What `pod create` asked for, stored as JSON with the pod. The infra container carries the pod's network
/// (its own container config); members inherit the namespaces, resource limits, volumes and restart policy.
/// </summary>
public sealed class PodConfig
{
    public string Hostname { get; set; } = string.Empty;

    /// <summary>True when <see cref="Hostname"/> is the pod's name by default (Podman's inspect then shows "").</summary>
    public bool DefaultHostname { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public List<string> CreateCommand { get; set; } = [];

    /// <summary>continue | stop: what happens to the infra container when the last member exits.</summary>
    public string ExitPolicy { get; set; } = "continue";

    /// <summary>Kernel namespaces the members join from the infra container (sorted: cgroup, ipc, net, pid, uts).</summary>
    public List<string> SharedNamespaces { get; set; } = [];

    public bool Infra { get; set; } = true;

    /// <summary>--userns of the pod: the infra container's, which every member joins (null: containers.conf userns).</summary>
    public string? UsernsMode { get; set; }

    public string CgroupParent { get; set; } = "/libpod_parent";

    public double? Cpus { get; set; }

    public string? CpusetCpus { get; set; }

    public string? CpusetMems { get; set; }

    public ulong? CpuShares { get; set; }

    public string? Memory { get; set; }

    public string? MemorySwap { get; set; }

    public long? PidsLimit { get; set; }

    /// <summary>--blkio-weight (10-1000), written on the pod's cgroup.</summary>
    public ushort? BlkioWeight { get; set; }

    /// <summary>--blkio-weight-device DEVICE:WEIGHT values.</summary>
    public List<string> BlkioWeightDevices { get; set; } = [];

    /// <summary>--device-read-bps DEVICE:RATE values.</summary>
    public List<string> DeviceReadBps { get; set; } = [];

    /// <summary>--device-write-bps DEVICE:RATE values.</summary>
    public List<string> DeviceWriteBps { get; set; } = [];

    /// <summary>--share-parent: the pod's cgroup is the cgroup parent of its members (and holds the limits).</summary>
    public bool ShareParent { get; set; } = true;

    /// <summary>--device: host devices every member gets.</summary>
    public List<string> Devices { get; set; } = [];

    /// <summary>--security-opt: the infra container's and every member's.</summary>
    public List<string> SecurityOpts { get; set; } = [];

    /// <summary>--sysctl: set in the infra container (its namespaces are the members').</summary>
    public List<string> Sysctls { get; set; } = [];

    /// <summary>--shm-size of the pod's /dev/shm (the infra container's, which members sharing ipc mount).</summary>
    public string? ShmSize { get; set; }

    /// <summary>--pid and --uts of the infra container (host | private | ns:PATH).</summary>
    public string? PidMode { get; set; }

    public string? UtsMode { get; set; }

    /// <summary>--volumes-from: containers whose volumes every member mounts.</summary>
    public List<string> VolumesFrom { get; set; } = [];

    /// <summary>--infra-conmon-pidfile: where the infra container's conmon pid is written on each start.</summary>
    public string? InfraConmonPidFile { get; set; }

    /// <summary>-v values every member gets.</summary>
    public List<string> Volumes { get; set; } = [];

    /// <summary>--restart of the pod: the default policy of its members.</summary>
    public string RestartPolicy { get; set; } = string.Empty;

    public int RestartRetries { get; set; }

    /// <summary>Set while `pod rm` removes the pod, so that its infra container may go.</summary>
    public bool Removing { get; set; }

    public bool Shares(string kind) => Infra && SharedNamespaces.Contains(kind);
}
