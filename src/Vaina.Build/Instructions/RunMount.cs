namespace Vaina.Build.Instructions;

/// <summary>
/// One <c>RUN --mount=...</c>, with BuildKit's defaults filled in: bind mounts are read-only unless <c>rw</c>,
/// secret mounts land in <c>/run/secrets/&lt;id&gt;</c>, a secret's id defaults to its target's file name.
/// </summary>
public sealed record RunMount
{
    public RunMountType Type { get; init; } = RunMountType.Bind;

    public string Target { get; init; } = "";

    /// <summary>Path inside <see cref="From"/> (or the build context) for bind/cache mounts; null when not given.</summary>
    public string? Source { get; init; }

    /// <summary>Stage name, stage index or image to take the mount from; null for the build context.</summary>
    public string? From { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>Cache id (defaults to the target) or secret id.</summary>
    public string? Id { get; init; }

    public CacheSharing Sharing { get; init; } = CacheSharing.Shared;

    /// <summary>File mode (octal in the Containerfile), null when not given.</summary>
    public uint? Mode { get; init; }

    public uint? Uid { get; init; }

    public uint? Gid { get; init; }

    /// <summary>For secret and ssh mounts: fail the step when the secret is not provided.</summary>
    public bool Required { get; init; }

    /// <summary>For tmpfs mounts: size limit in bytes, null when not given.</summary>
    public long? SizeBytes { get; init; }

    /// <summary>For secret mounts: expose the secret as this environment variable.</summary>
    public string? Env { get; init; }
}
