namespace Vaina.Runtime;

/// <summary>Everything that shapes a container's config.json: the image's values plus podman run's flags.</summary>
public sealed record ContainerRunOptions
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    /// <summary>The mounted rootfs the storage layer prepared.</summary>
    public required string RootfsPath { get; init; }

    public ImageConfigValues Image { get; init; } = new();

    /// <summary>Arguments after the image name; null or empty = the image's Cmd.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>--entrypoint, already split (a JSON array, or one string); [""] clears the image's entrypoint.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public EnvironmentOptions Environment { get; init; } = new();

    public string? User { get; init; }

    public IReadOnlyList<string> GroupAdd { get; init; } = [];

    public string? WorkingDir { get; init; }

    /// <summary>Defaults to the first 12 characters of the id.</summary>
    public string? Hostname { get; init; }

    public bool Terminal { get; init; }

    public bool Interactive { get; init; }

    public bool Init { get; init; }

    /// <summary>containers.conf init_path; empty means the first existing default (catatonit).</summary>
    public string? InitPath { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>--read-only-tmpfs (default true): tmpfs on /tmp, /var/tmp, /run when --read-only.</summary>
    public bool ReadOnlyTmpfs { get; init; } = true;

    /// <summary>--tmpfs values: PATH[:OPTIONS].</summary>
    public IReadOnlyList<string> Tmpfs { get; init; } = [];

    public string ShmSize { get; init; } = "65536k";

    /// <summary>When set, /dev/shm is a bind mount of this host path (for --ipc sharing) instead of a private tmpfs.</summary>
    public string? ShmBindSource { get; init; }

    /// <summary>--ipc none: a private IPC namespace with no /dev/shm mounted at all.</summary>
    public bool NoShm { get; init; }

    /// <summary>--device HOST[:CONTAINER[:PERMISSIONS]].</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>--sysctl KEY=VALUE (after containers.conf default_sysctls).</summary>
    public IReadOnlyList<string> Sysctls { get; init; } = [];

    public IReadOnlyList<string> DefaultSysctls { get; init; } = ["net.ipv4.ping_group_range=0 0"];

    /// <summary>--ulimit TYPE=SOFT[:HARD] (after containers.conf default_ulimits).</summary>
    public IReadOnlyList<string> Ulimits { get; init; } = [];

    public IReadOnlyList<string> DefaultUlimits { get; init; } = [];

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public IReadOnlyList<string> DefaultCapabilities { get; init; } = CapabilitySet.PodmanDefaults;

    public bool Privileged { get; init; }

    /// <summary>--security-opt values: seccomp=unconfined|PATH, no-new-privileges[=true], label=disable, mask=, unmask=.</summary>
    public IReadOnlyList<string> SecurityOpts { get; init; } = [];

    public string SeccompProfilePath { get; init; } = Seccomp.SeccompProfileConverter.DefaultProfilePath;

    public NamespaceOption Network { get; init; } = NamespaceOption.Private;

    public NamespaceOption Pid { get; init; } = NamespaceOption.Private;

    public NamespaceOption Ipc { get; init; } = NamespaceOption.Private;

    public NamespaceOption Uts { get; init; } = NamespaceOption.Private;

    /// <summary>--cgroupns; null: Podman's default, a private cgroup namespace on cgroup v2 and the host's on v1.</summary>
    public NamespaceOption? Cgroup { get; init; }

    public int? OomScoreAdj { get; init; }

    public bool OomKillDisable { get; init; }

    public string? Memory { get; init; }

    public string? MemoryReservation { get; init; }

    public string? MemorySwap { get; init; }

    /// <summary>--memory-swappiness 0..100 (null: the system's).</summary>
    public long? MemorySwappiness { get; init; }

    /// <summary>--cpu-period (microseconds).</summary>
    public ulong? CpuPeriod { get; init; }

    /// <summary>--cpu-quota (microseconds).</summary>
    public long? CpuQuota { get; init; }

    public double? Cpus { get; init; }

    public ulong? CpuShares { get; init; }

    public string? CpusetCpus { get; init; }

    public string? CpusetMems { get; init; }

    /// <summary>--pids-limit; null = Podman's default 2048 (containers.conf pids_limit), 0 or -1 = unlimited.</summary>
    public long? PidsLimit { get; init; }

    public long DefaultPidsLimit { get; init; } = 2048;

    public ushort? BlkioWeight { get; init; }

    /// <summary>--blkio-weight-device PATH:WEIGHT entries.</summary>
    public IReadOnlyList<string> BlkioWeightDevices { get; init; } = [];

    /// <summary>--device-read-bps, --device-write-bps, --device-read-iops, --device-write-iops PATH:RATE entries.</summary>
    public IReadOnlyList<string> DeviceReadBps { get; init; } = [];

    public IReadOnlyList<string> DeviceWriteBps { get; init; } = [];

    public IReadOnlyList<string> DeviceReadIops { get; init; } = [];

    public IReadOnlyList<string> DeviceWriteIops { get; init; } = [];

    /// <summary>--cpu-rt-period (microseconds) and --cpu-rt-runtime (microseconds).</summary>
    public ulong? CpuRtPeriod { get; init; }

    public long? CpuRtRuntime { get; init; }

    /// <summary>--device-cgroup-rule entries ('TYPE MAJOR:MINOR ACCESS'), allowed after the default deny.</summary>
    public IReadOnlyList<string> DeviceCgroupRules { get; init; } = [];

    /// <summary>--cgroup-conf KEY=VALUE: cgroup v2 files (linux.resources.unified).</summary>
    public IReadOnlyDictionary<string, string> CgroupConf { get; init; } = new Dictionary<string, string>();

    /// <summary>--personality: linux.personality's domain (LINUX, LINUX32).</summary>
    public string? Personality { get; init; }

    /// <summary>--seccomp-policy image: the profile's JSON from the image's label (used instead of the default).</summary>
    public string? ImageSeccompProfile { get; init; }

    /// <summary>"cgroupfs" or "systemd".</summary>
    public string CgroupManager { get; init; } = "cgroupfs";

    /// <summary>--cgroup-parent; default /libpod_parent (cgroupfs) or machine.slice (systemd).</summary>
    public string? CgroupParent { get; init; }

    /// <summary>--cgroups=disabled: no cgroupsPath, no resources.</summary>
    public bool NoCgroups { get; init; }

    /// <summary>
    /// The spec's cgroupsPath as it is, whatever the manager and parent (--cgroups=split: a path under the caller's
    /// own cgroup, which the runtime manages as cgroupfs); null: from <see cref="CgroupManager"/> and <see cref="CgroupParent"/>.
    /// </summary>
    public string? CgroupsPath { get; init; }

    /// <summary>
    /// Whether the runtime runs inside a user namespace that the container shares (rootless): null = this
    /// process's own (detected). See <see cref="RuntimeSpecBuilder"/> for what changes there.
    /// </summary>
    public bool? UserNamespace { get; init; }

    /// <summary>
    /// The container's own user namespace (--userns=auto|keep-id|nomap, --uidmap): its maps (container id ->
    /// id of the namespace the runtime runs in), and the namespace file to join instead of making a new one.
    /// </summary>
    public IReadOnlyList<Vaina.Linux.Namespaces.IdMapping>? UidMappings { get; init; }

    public IReadOnlyList<Vaina.Linux.Namespaces.IdMapping>? GidMappings { get; init; }

    public string? UserNamespacePath { get; init; }

    /// <summary>How many gids that namespace maps (null = read /proc/self/gid_map); devpts's gid=5 needs 5 or more.</summary>
    public long? AvailableGids { get; init; }

    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public uint? Umask { get; init; }

    /// <summary>
    /// systemd mode (--systemd): tmpfs on /run, /run/lock, /tmp, /var/log/journal, the systemd cgroup hierarchy
    /// writable (cgroup v1: /sys/fs/cgroup/systemd bound rw; v2: /sys/fs/cgroup rw).
    /// </summary>
    public bool Systemd { get; init; }
}
