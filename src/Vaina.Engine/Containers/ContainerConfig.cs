using Vaina.Engine.Networks;
using Vaina.Engine.Volumes;

namespace Vaina.Engine.Containers;

/// <summary>
/// Everything `create`/`run` asked for, stored as JSON with the container so that every start (and restart
/// by a restart policy) builds the same runtime spec, and `inspect` can show it. A property added here needs its
/// line in <see cref="ContainerConfigJson"/>, the hand-written reader (ContainerConfigJsonTests fails without it).
/// </summary>
public sealed class ContainerConfig
{
    /// <summary>Arguments after the image name (empty = the image's Cmd).</summary>
    public List<string> Command { get; set; } = [];

    /// <summary>--entrypoint, already split; null = the image's.</summary>
    public List<string>? Entrypoint { get; set; }

    public List<string> Env { get; set; } = [];

    public List<string> EnvFiles { get; set; } = [];

    /// <summary>--http-proxy (null: containers.conf http_proxy, default true).</summary>
    public bool? HttpProxy { get; set; }

    /// <summary>The client's proxy variables at create, when --http-proxy is on and --env-host off (Podman's rule).</summary>
    public List<string> ProxyEnv { get; set; } = [];

    public bool EnvHost { get; set; }

    public List<string> UnsetEnv { get; set; } = [];

    public bool UnsetEnvAll { get; set; }

    public string? User { get; set; }

    public List<string> GroupAdd { get; set; } = [];

    public string? WorkingDir { get; set; }

    public bool Tty { get; set; }

    public bool Interactive { get; set; }

    public bool Init { get; set; }

    public string? InitPath { get; set; }

    public bool ReadOnly { get; set; }

    public bool ReadOnlyTmpfs { get; set; } = true;

    public List<string> Tmpfs { get; set; } = [];

    public string? ShmSize { get; set; }

    public List<string> Devices { get; set; } = [];

    public List<string> Sysctls { get; set; } = [];

    public List<string> Ulimits { get; set; } = [];

    public List<string> CapAdd { get; set; } = [];

    public List<string> CapDrop { get; set; } = [];

    public bool Privileged { get; set; }

    public List<string> SecurityOpts { get; set; } = [];

    public int? OomScoreAdj { get; set; }

    public bool OomKillDisable { get; set; }

    public string? Memory { get; set; }

    public string? MemoryReservation { get; set; }

    public string? MemorySwap { get; set; }

    public double? Cpus { get; set; }

    public ulong? CpuShares { get; set; }

    public string? CpusetCpus { get; set; }

    public string? CpusetMems { get; set; }

    public long? PidsLimit { get; set; }

    /// <summary>--blkio-weight; dropped at create (with Podman's warning) where the kernel has no blkio weight.</summary>
    public ushort? BlkioWeight { get; set; }

    /// <summary>--cpu-period (CFS period in microseconds); conflicts with --cpus.</summary>
    public ulong? CpuPeriod { get; set; }

    /// <summary>--cpu-quota (CFS quota in microseconds); conflicts with --cpus.</summary>
    public long? CpuQuota { get; set; }

    /// <summary>--memory-swappiness 0..100 (null: the system's).</summary>
    public long? MemorySwappiness { get; set; }

    /// <summary>--cpu-rt-period and --cpu-rt-runtime (microseconds).</summary>
    public ulong? CpuRtPeriod { get; set; }

    public long? CpuRtRuntime { get; set; }

    /// <summary>--blkio-weight-device and --device-{read,write}-{bps,iops} entries as given (PATH:VALUE).</summary>
    public List<string> BlkioWeightDevices { get; set; } = [];

    public List<string> DeviceReadBps { get; set; } = [];

    public List<string> DeviceWriteBps { get; set; } = [];

    public List<string> DeviceReadIops { get; set; } = [];

    public List<string> DeviceWriteIops { get; set; } = [];

    public string? CgroupParent { get; set; }

    /// <summary>"host" or null (private) for --pid, --ipc, --uts.</summary>
    public string? PidMode { get; set; }

    public string? IpcMode { get; set; }

    /// <summary>--requires: containers (ids once created) started before this one and removed after it.</summary>
    public List<string> Requires { get; set; } = [];

    public string? UtsMode { get; set; }

    /// <summary>
    /// --cgroupns: host | private | container:ID | ns:PATH, resolved at create (unset: containers.conf cgroupns,
    /// whose default is private on cgroup v2 and host on v1, as Podman's).
    /// </summary>
    public string? CgroupnsMode { get; set; }

    /// <summary>--userns as given (null: containers.conf userns).</summary>
    public string? UsernsMode { get; set; }

    /// <summary>--uidmap, --gidmap (CONTAINER:HOST:SIZE each).</summary>
    public List<string> UidMaps { get; set; } = [];

    public List<string> GidMaps { get; set; } = [];

    public string? SubUidName { get; set; }

    public string? SubGidName { get; set; }

    /// <summary>The container's own user namespace, resolved at create; null = the engine's (host, or the rootless one).</summary>
    public ContainerUserNamespace? UserNamespace { get; set; }

    /// <summary>--cgroups: enabled | disabled | no-conmon | split (null: containers.conf cgroups).</summary>
    public string? CgroupsMode { get; set; }

    /// <summary>
    /// The OCI runtime chosen at create (--runtime, containers.conf or the default), by name or path: every later
    /// command on the container uses it, as Podman's OCIRuntime (null for containers made before it was kept).
    /// </summary>
    public string? OciRuntime { get; set; }

    /// <summary>
    /// The cgroup manager chosen at create (--cgroup-manager, containers.conf cgroup_manager or the default):
    /// every later command on the container uses it, as Podman's ContainerConfig.CgroupManager (null for
    /// containers made before it was kept, which follow the command's manager).
    /// </summary>
    public string? CgroupManager { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public Dictionary<string, string> Annotations { get; set; } = [];

    public string? StopSignal { get; set; }

    public uint StopTimeout { get; set; } = 10;

    /// <summary>k8s-file | none | passthrough | journald; empty until create fills in containers.conf's log_driver.</summary>
    public string LogDriver { get; set; } = "k8s-file";

    public string? LogPath { get; set; }

    /// <summary>--log-opt max-size in bytes (conmon's --log-size-max); null = containers.conf log_size_max.</summary>
    public long? LogSize { get; set; }

    /// <summary>--log-opt tag as given: shown by inspect; conmon uses tags for journald only (k8s-file refuses --log-tag).</summary>
    public string? LogTag { get; set; }

    /// <summary>"" (no), on-failure, always, unless-stopped.</summary>
    public string RestartPolicy { get; set; } = string.Empty;

    public int RestartRetries { get; set; }

    public bool AutoRemove { get; set; }

    public string? Hostname { get; set; }

    public string? Umask { get; set; }

    public string? PidFile { get; set; }

    /// <summary>Where conmon's pid is also written on each start (a pod's --infra-conmon-pidfile).</summary>
    public string? ConmonPidFile { get; set; }

    public ContainerNetworkSpec Network { get; set; } = new();

    /// <summary>-v, --mount, --volumes-from, --image-volume (resolved into recorded mounts at create).</summary>
    public ContainerMountSpec Volumes { get; set; } = new();

    public List<string> CreateCommand { get; set; } = [];

    /// <summary>The healthcheck test (Docker's form: CMD ..., CMD-SHELL ..., or NONE); null = the image's at create.</summary>
    public List<string>? HealthCmd { get; set; }

    public string? HealthInterval { get; set; }

    public int? HealthRetries { get; set; }

    public string? HealthTimeout { get; set; }

    public string? HealthStartPeriod { get; set; }

    /// <summary>--health-on-failure: none | kill | restart | stop (null = none).</summary>
    public string? HealthOnFailure { get; set; }

    /// <summary>Set when the user ran `stop`, so unless-stopped does not restart it.</summary>
    public bool StoppedByUser { get; set; }

    /// <summary>
    /// Set once the last exit went through `cleanup` (restart policy and --rm applied), so that whoever records
    /// an exit first (a `ps` reconciling, conmon's exit command, an attached run) the policy runs exactly once.
    /// </summary>
    public bool ExitHandled { get; set; }

    /// <summary>--secret: secrets placed as files (mount) or variables (env) at each start.</summary>
    public List<ContainerSecret> Secrets { get; set; } = [];

    /// <summary>--tz: "local" or an IANA zone (null: containers.conf tz, else the image's).</summary>
    public string? Timezone { get; set; }

    /// <summary>--env-merge NAME=VALUE: the value with ${NAME} expanded against the image's variables replaces that variable.</summary>
    public List<string> EnvMerge { get; set; } = [];

    /// <summary>--rootfs: a directory used as the root filesystem instead of an image.</summary>
    public string? Rootfs { get; set; }

    /// <summary>--rootfs PATH:O: an overlay over the directory (changes kept with the container, not in PATH).</summary>
    public bool RootfsOverlay { get; set; }

    /// <summary>--systemd true|false|always (null: true): systemd mode when the command is systemd or init, or always.</summary>
    public string? Systemd { get; set; }

    /// <summary>--timeout: seconds the container may run before it is killed (0 = no limit).</summary>
    public uint Timeout { get; set; }

    /// <summary>--cgroup-conf KEY=VALUE: cgroup v2 files written through the spec's linux.resources.unified.</summary>
    public Dictionary<string, string> CgroupConf { get; set; } = [];

    /// <summary>--device-cgroup-rule 'TYPE MAJOR:MINOR ACCESS' entries as given (checked at create).</summary>
    public List<string> DeviceCgroupRules { get; set; } = [];

    /// <summary>--chrootdirs: directories inside that also get the engine's /etc/hosts, resolv.conf and hostname.</summary>
    public List<string> ChrootDirs { get; set; } = [];

    /// <summary>--hostuser: host users (names or uids) added to the container's /etc/passwd.</summary>
    public List<string> HostUsers { get; set; } = [];

    /// <summary>--passwd-entry: the template ($USERNAME $UID $GID $NAME $HOME) of generated /etc/passwd lines.</summary>
    public string? PasswdEntry { get; set; }

    /// <summary>run --passwd (default true): /etc/passwd and /etc/group entries are generated for --user / --hostuser.</summary>
    public bool Passwd { get; set; } = true;

    /// <summary>--personality: the execution domain (LINUX, LINUX32) of the container's processes.</summary>
    public string? Personality { get; set; }

    /// <summary>--sdnotify: container | conmon | ignore.</summary>
    public string SdNotifyMode { get; set; } = "container";

    /// <summary>The client's NOTIFY_SOCKET at create (unless --sdnotify ignore): where READY/MAINPID go.</summary>
    public string? SdNotifySocket { get; set; }

    /// <summary>--seccomp-policy: default | image (the profile in the image's io.containers.seccomp.profile label).</summary>
    public string SeccompPolicy { get; set; } = "default";

    /// <summary>run --preserve-fds N: the caller's descriptors 3..3+N-1 handed to the container's process at its first start.</summary>
    public uint PreserveFds { get; set; }

    /// <summary>The pod the container belongs to (its id), or null.</summary>
    public string? Pod { get; set; }

    /// <summary>True for a pod's infra container (it holds the namespaces the members join).</summary>
    public bool IsInfra { get; set; }

    /// <summary>--init-ctr: always | once for a pod's init container (run to completion before the others), else null.</summary>
    public string? InitContainerType { get; set; }
}
