namespace Vaina.Engine.Files;

/// <summary>`podman cp [CONTAINER:]SRC [CONTAINER:]DEST` after parsing.</summary>
public sealed record CopyRequest
{
    public required string Source { get; init; }

    public required string Destination { get; init; }

    /// <summary>-a/--archive (default true): chown what is copied into a container to the container's user.</summary>
    public bool Archive { get; init; } = true;

    /// <summary>--overwrite: allow directories to replace non-directories and the reverse.</summary>
    public bool Overwrite { get; init; }
}
