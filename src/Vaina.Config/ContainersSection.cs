namespace Vaina.Config;

/// <summary>
/// The [containers] table of containers.conf: defaults applied to every new container. Defaults are
/// Podman's (containers/common pkg/config/default.go) unless noted.
/// </summary>
public sealed class ContainersSection
{
    /// <summary>Podman's default capability set (containers/common, since Podman 4.0).</summary>
    public static readonly IReadOnlyList<string> PodmanDefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
        "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
    ];

    public IReadOnlyList<string> DefaultCapabilities { get; internal set; } = PodmanDefaultCapabilities;

    public IReadOnlyList<string> DefaultSysctls { get; internal set; } = [];

    /// <summary>"name=soft:hard" entries, e.g. "nofile=1024:2048".</summary>
    public IReadOnlyList<string> DefaultUlimits { get; internal set; } = [];

    public IReadOnlyList<string> Env { get; internal set; } = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public bool EnvHost { get; internal set; }

    public IReadOnlyList<string> DnsServers { get; internal set; } = [];

    public IReadOnlyList<string> DnsSearches { get; internal set; } = [];

    public IReadOnlyList<string> DnsOptions { get; internal set; } = [];

    public IReadOnlyList<string> Volumes { get; internal set; } = [];

    public IReadOnlyList<string> Devices { get; internal set; } = [];

    public IReadOnlyList<string> Annotations { get; internal set; } = [];

    public bool Init { get; internal set; }

    /// <summary>Empty: look for catatonit in <see cref="EngineSection.HelperBinariesDir"/> (as Podman).</summary>
    public string InitPath { get; internal set; } = "";

    /// <summary>
    /// Podman defaults to journald only when built with systemd support; vaina writes k8s-file logs
    /// itself through conmon, so k8s-file is its default.
    /// </summary>
    public string LogDriver { get; internal set; } = "k8s-file";

    /// <summary>Bytes; negative means unlimited.</summary>
    public long LogSizeMax { get; internal set; } = -1;

    public string LogTag { get; internal set; } = "";

    public long PidsLimit { get; internal set; } = 2048;

    public string ShmSize { get; internal set; } = "65536k";

    public string Tz { get; internal set; } = "";

    public string Umask { get; internal set; } = "0022";

    public string UserNs { get; internal set; } = "host";

    /// <summary>userns_size: the most ids --userns=auto gives a container (Podman's AutoUserNsMaxSize).</summary>
    public long UserNsSize { get; internal set; } = 65536;

    /// <summary>"private" on cgroup v2 hosts, "host" on cgroup v1 (as Podman).</summary>
    public string CgroupNs { get; internal set; } = "private";

    public string Cgroups { get; internal set; } = "enabled";

    public string IpcNs { get; internal set; } = "shareable";

    public string UtsNs { get; internal set; } = "private";

    public string PidNs { get; internal set; } = "private";

    public string NetNs { get; internal set; } = "private";

    public bool NoHosts { get; internal set; }

    /// <summary>/etc/containers/seccomp.json when it exists, else /usr/share/containers/seccomp.json.</summary>
    public string SeccompProfile { get; internal set; } = "/usr/share/containers/seccomp.json";

    public string ApparmorProfile { get; internal set; } = "containers-default-0.50.0";

    /// <summary>Empty means the host's /etc/hosts; "none" means start from an empty file.</summary>
    public string BaseHostsFile { get; internal set; } = "";

    public string HostContainersInternalIp { get; internal set; } = "";

    /// <summary>SELinux labelling (Podman: on when SELinux is enabled).</summary>
    public bool Label { get; internal set; } = true;

    public bool HttpProxy { get; internal set; } = true;

    public bool ReadOnly { get; internal set; }

    public bool EnableKeyring { get; internal set; } = true;

    internal void Apply(TomlValues v)
    {
        DefaultCapabilities = v.StringList("default_capabilities", DefaultCapabilities);
        DefaultSysctls = v.StringList("default_sysctls", DefaultSysctls);
        DefaultUlimits = v.StringList("default_ulimits", DefaultUlimits);
        Env = v.StringList("env", Env);
        EnvHost = v.Bool("env_host", EnvHost);
        DnsServers = v.StringList("dns_servers", DnsServers);
        DnsSearches = v.StringList("dns_searches", DnsSearches);
        DnsOptions = v.StringList("dns_options", DnsOptions);
        Volumes = v.StringList("volumes", Volumes);
        Devices = v.StringList("devices", Devices);
        Annotations = v.StringList("annotations", Annotations);
        Init = v.Bool("init", Init);
        InitPath = v.String("init_path", InitPath);
        LogDriver = v.String("log_driver", LogDriver);
        LogSizeMax = v.Int64("log_size_max", LogSizeMax);
        LogTag = v.String("log_tag", LogTag);
        PidsLimit = v.Int64("pids_limit", PidsLimit);
        ShmSize = v.String("shm_size", ShmSize);
        Tz = v.String("tz", Tz);
        Umask = v.String("umask", Umask);
        UserNs = v.String("userns", UserNs);
        UserNsSize = v.Int64("userns_size", UserNsSize);
        CgroupNs = v.String("cgroupns", CgroupNs);
        Cgroups = v.String("cgroups", Cgroups);
        IpcNs = v.String("ipcns", IpcNs);
        UtsNs = v.String("utsns", UtsNs);
        PidNs = v.String("pidns", PidNs);
        NetNs = v.String("netns", NetNs);
        NoHosts = v.Bool("no_hosts", NoHosts);
        SeccompProfile = v.String("seccomp_profile", SeccompProfile);
        ApparmorProfile = v.String("apparmor_profile", ApparmorProfile);
        BaseHostsFile = v.String("base_hosts_file", BaseHostsFile);
        HostContainersInternalIp = v.String("host_containers_internal_ip", HostContainersInternalIp);
        Label = v.Bool("label", Label);
        HttpProxy = v.Bool("http_proxy", HttpProxy);
        ReadOnly = v.Bool("read_only", ReadOnly);
        EnableKeyring = v.Bool("keyring", EnableKeyring);
    }
}
