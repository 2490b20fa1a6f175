namespace Vaina.Config;

/// <summary>The [engine] table of containers.conf. Defaults are Podman's unless noted.</summary>
public sealed class EngineSection
{
    public static readonly IReadOnlyList<string> PodmanConmonPaths =
    [
        "/usr/libexec/podman/conmon", "/usr/local/libexec/podman/conmon", "/usr/local/lib/podman/conmon",
        "/usr/bin/conmon", "/usr/sbin/conmon", "/usr/local/bin/conmon", "/usr/local/sbin/conmon",
        "/run/current-system/sw/bin/conmon",
    ];

    public static readonly IReadOnlyList<string> PodmanHelperBinariesDirs =
    [
        "/usr/local/libexec/podman", "/usr/local/lib/podman", "/usr/libexec/podman", "/usr/lib/podman",
    ];

    /// <summary>
    /// Empty: the first of crun, runc found through <see cref="Runtimes"/> (Podman's order). vaina's
    /// runtime layer decides; on hosts where crun cannot run (hybrid cgroups) it prefers runc.
    /// </summary>
    public string Runtime { get; internal set; } = "";

    public IReadOnlyList<string> RuntimeSupportsJson { get; internal set; } =
        ["crun", "runc", "kata", "runsc", "youki", "krun", "ocijail"];

    public IReadOnlyList<string> RuntimeSupportsNoCgroups { get; internal set; } = ["crun", "krun"];

    /// <summary>[engine.runtimes]: runtime name to candidate paths, merged name by name across files.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Runtimes => _runtimes;

    public IReadOnlyList<string> ConmonPath { get; internal set; } = PodmanConmonPaths;

    public IReadOnlyList<string> ConmonEnvVars { get; internal set; } = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public IReadOnlyList<string> HelperBinariesDir { get; internal set; } = PodmanHelperBinariesDirs;

    /// <summary>"systemd" or "cgroupfs"; rootless on cgroup v1 defaults to cgroupfs (as Podman).</summary>
    public string CgroupManager { get; internal set; } = "systemd";

    /// <summary>Podman uses journald when built with systemd; vaina defaults to its events file.</summary>
    public string EventsLogger { get; internal set; } = "file";

    public string? EventsLogFilePath { get; internal set; }

    /// <summary>Explicit tmp_dir, or null: vaina then uses a directory under its own run root.</summary>
    public string? TmpDir { get; internal set; }

    /// <summary>Explicit static_dir, or null: vaina then uses its graph root.</summary>
    public string? StaticDir { get; internal set; }

    /// <summary>Explicit volume_path, or null: vaina then uses $graphroot/volumes.</summary>
    public string? VolumePath { get; internal set; }

    public IReadOnlyList<string> NetworkCmdOptions { get; internal set; } = [];

    /// <summary>Empty: a locally built pause image (as Podman since 4.0).</summary>
    public string InfraImage { get; internal set; } = "";

    public string InfraCommand { get; internal set; } = "";

    public string ImageDefaultTransport { get; internal set; } = "docker://";

    /// <summary>Seconds.</summary>
    public uint StopTimeout { get; internal set; } = 10;

    /// <summary>Seconds.</summary>
    public uint ExitCommandDelay { get; internal set; } = 300;

    public string PullPolicy { get; internal set; } = "missing";

    public uint NumLocks { get; internal set; } = 2048;

    public string CompressionFormat { get; internal set; } = "gzip";

    public int? CompressionLevel { get; internal set; }

    public IReadOnlyList<string> HooksDir { get; internal set; } = ["/usr/share/containers/oci/hooks.d"];

    public string DetachKeys { get; internal set; } = "ctrl-p,ctrl-q";

    public IReadOnlyList<string> Env { get; internal set; } = [];

    public bool NoPivotRoot { get; internal set; }

    public int Retry { get; internal set; } = 3;

    public string RetryDelay { get; internal set; } = "";

    public string ImageCopyTmpDir { get; internal set; } = "/var/tmp";

    private readonly Dictionary<string, IReadOnlyList<string>> _runtimes = new(StringComparer.Ordinal)
    {
        ["crun"] =
        [
            "/usr/bin/crun", "/usr/sbin/crun", "/usr/local/bin/crun", "/usr/local/sbin/crun", "/sbin/crun",
            "/bin/crun", "/run/current-system/sw/bin/crun",
        ],
        ["runc"] =
        [
            "/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc", "/sbin/runc",
            "/bin/runc", "/usr/lib/cri-o-runc/sbin/runc", "/run/current-system/sw/bin/runc",
        ],
    };

    internal void Apply(TomlValues v)
    {
        Runtime = v.String("runtime", Runtime);
        RuntimeSupportsJson = v.StringList("runtime_supports_json", RuntimeSupportsJson);
        RuntimeSupportsNoCgroups = v.StringList("runtime_supports_nocgroups", RuntimeSupportsNoCgroups);
        v.StringListMap("runtimes", _runtimes);
        ConmonPath = v.StringList("conmon_path", ConmonPath);
        ConmonEnvVars = v.StringList("conmon_env_vars", ConmonEnvVars);
        HelperBinariesDir = v.StringList("helper_binaries_dir", HelperBinariesDir);
        CgroupManager = v.String("cgroup_manager", CgroupManager);
        EventsLogger = v.String("events_logger", EventsLogger);
        EventsLogFilePath = v.NullableString("events_logfile_path", EventsLogFilePath);
        TmpDir = v.NullableString("tmp_dir", TmpDir);
        StaticDir = v.NullableString("static_dir", StaticDir);
        VolumePath = v.NullableString("volume_path", VolumePath);
        NetworkCmdOptions = v.StringList("network_cmd_options", NetworkCmdOptions);
        InfraImage = v.String("infra_image", InfraImage);
        InfraCommand = v.String("infra_command", InfraCommand);
        ImageDefaultTransport = v.String("image_default_transport", ImageDefaultTransport);
        StopTimeout = v.UInt32("stop_timeout", StopTimeout);
        ExitCommandDelay = v.UInt32("exit_command_delay", ExitCommandDelay);
        PullPolicy = v.String("pull_policy", PullPolicy);
        NumLocks = v.UInt32("num_locks", NumLocks);
        CompressionFormat = v.String("compression_format", CompressionFormat);
        if (v.Has("compression_level"))
        {
            CompressionLevel = v.Int32("compression_level", 0);
        }

        HooksDir = v.StringList("hooks_dir", HooksDir);
        DetachKeys = v.String("detach_keys", DetachKeys);
        Env = v.StringList("env", Env);
        NoPivotRoot = v.Bool("no_pivot_root", NoPivotRoot);
        Retry = v.Int32("retry", Retry);
        RetryDelay = v.String("retry_delay", RetryDelay);
        ImageCopyTmpDir = v.String("image_copy_tmp_dir", ImageCopyTmpDir);
    }
}
