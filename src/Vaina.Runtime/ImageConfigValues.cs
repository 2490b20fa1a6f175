namespace Vaina.Runtime;

/// <summary>The parts of an image's config that shape the container process.</summary>
public sealed record ImageConfigValues
{
    public string? User { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public string? WorkingDir { get; init; }

    public string? StopSignal { get; init; }
}
