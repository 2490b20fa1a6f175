namespace Vaina.Engine.Volumes;

/// <summary>
/// A mount of a container as resolved at create time and kept in the state DB: volume names are final
/// (anonymous volumes already created), host paths absolute. Every start prepares the same list.
/// </summary>
public sealed record RecordedMount
{
    public required MountKind Kind { get; init; }

    /// <summary>Host path, volume name, image id, or fs type (tmpfs, devpts).</summary>
    public required string Source { get; init; }

    public required string Destination { get; init; }

    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Volume name for <see cref="MountKind.Volume"/>, else null.</summary>
    public string? VolumeName => Kind == MountKind.Volume ? Source : null;

    public string? SubPath { get; init; }

    public bool ReadOnly => Options.Contains("ro");
}
