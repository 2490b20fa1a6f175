namespace Vaina.Engine.Containers;

/// <summary>What `exec` passes to <see cref="ContainerService.ExecAsync"/>.</summary>
public sealed class ExecRequest
{
    public required IReadOnlyList<string> Command { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public bool Tty { get; init; }

    public bool Interactive { get; init; }

    public bool Detach { get; init; }

    public bool Privileged { get; init; }

    /// <summary>--preserve-fds N: this process's descriptors 3..3+N-1 are passed on to the exec'd process.</summary>
    public int PreserveFds { get; init; }

    /// <summary>conmon kills the process after this many seconds (healthchecks); null = no limit.</summary>
    public int? TimeoutSeconds { get; init; }
}
