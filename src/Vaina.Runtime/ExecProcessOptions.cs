namespace Vaina.Runtime;

/// <summary>podman exec's flags that shape the exec'd process.</summary>
public sealed record ExecProcessOptions
{
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>-e values (KEY=VALUE, KEY from the host), added to the container's environment.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    /// <summary>--user; null keeps the container's user.</summary>
    public string? User { get; init; }

    /// <summary>--workdir; null keeps the container's working directory.</summary>
    public string? WorkingDir { get; init; }

    public bool Terminal { get; init; }

    /// <summary>--privileged: every capability for this process.</summary>
    public bool Privileged { get; init; }
}
