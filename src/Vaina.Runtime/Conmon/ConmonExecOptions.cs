using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Conmon;

/// <summary>An exec session: the process to run in a running container and where its files live.</summary>
public sealed record ConmonExecOptions
{
    public required string ContainerId { get; init; }

    public required string Name { get; init; }

    public required string SessionId { get; init; }

    /// <summary>The session directory: process.json, pid file, attach socket, ctl fifo and exit/ live here.</summary>
    public required string SessionDirectory { get; init; }

    public required SpecProcess Process { get; init; }

    public bool Stdin { get; init; }

    /// <summary>Attach to the session's streams before the process starts (podman exec without -d).</summary>
    public bool Attach { get; init; }

    public string? ExitCommand { get; init; }

    public IReadOnlyList<string> ExitCommandArgs { get; init; } = [];

    public string LogLevel { get; init; } = "warning";

    public int? Timeout { get; init; }

    /// <summary>conmon's and the runtime's --preserve-fds: descriptors 3..3+N-1, inherited from this process.</summary>
    public int PreserveFds { get; init; }

    public string ExitDir => Path.Combine(SessionDirectory, "exit");

    public string PidFile => Path.Combine(SessionDirectory, "exec_pid");
}
