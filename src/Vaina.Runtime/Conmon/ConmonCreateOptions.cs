namespace Vaina.Runtime.Conmon;

/// <summary>What conmon needs to create a container (the files and sockets it will own).</summary>
public sealed record ConmonCreateOptions
{
    public required string ContainerId { get; init; }

    public required string Name { get; init; }

    /// <summary>Bundle directory with config.json; conmon puts the attach socket and ctl fifo here (--full-attach).</summary>
    public required string BundlePath { get; init; }

    /// <summary>Where the runtime writes the container's pid.</summary>
    public required string PidFile { get; init; }

    /// <summary>Where conmon writes the exit file named after the container id.</summary>
    public required string ExitDir { get; init; }

    /// <summary>The k8s-file log; ignored when <see cref="LogDriver"/> is "none" or "journald".</summary>
    public required string LogPath { get; init; }

    public string LogDriver { get; init; } = "k8s-file";

    public long LogSizeMax { get; init; } = -1;

    public string? LogTag { get; init; }

    public string? ConmonPidFile { get; init; }

    /// <summary>Program conmon runs after the container exits (vaina container cleanup), and its arguments.</summary>
    public string? ExitCommand { get; init; }

    public IReadOnlyList<string> ExitCommandArgs { get; init; } = [];

    /// <summary>
    /// Variables added to conmon's environment, which conmon hands on to its exit command (vaina's cleanup claim).
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExitCommandEnvironment { get; init; }

    public bool Terminal { get; init; }

    public bool Stdin { get; init; }

    /// <summary>Passed to conmon with --timeout: seconds before conmon kills the container.</summary>
    public int? Timeout { get; init; }

    public bool NoPivot { get; init; }

    public bool EnableKeyring { get; init; } = true;

    /// <summary>Log level passed to conmon (Podman passes its own: warning by default).</summary>
    public string LogLevel { get; init; } = "warning";

    /// <summary>--cgroups=disabled: the runtime is told not to manage cgroups.</summary>
    public bool NoCgroups { get; init; }

    /// <summary>run --preserve-fds: the caller's descriptors 3..3+N-1 go through conmon to `runtime create --preserve-fds`.</summary>
    public int PreserveFds { get; init; }

    /// <summary>--sdnotify container: the host's NOTIFY_SOCKET conmon relays the container's messages to.</summary>
    public string? SdNotifySocket { get; init; }

    /// <summary>
    /// --personality: the execution domain conmon is started with, so that the runtime and the container's
    /// processes inherit it (runc before 1.2 ignores the spec's linux.personality).
    /// </summary>
    public uint? Personality { get; init; }
}
