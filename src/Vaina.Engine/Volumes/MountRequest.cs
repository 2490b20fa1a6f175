namespace Vaina.Engine.Volumes;

/// <summary>One mount as parsed from -v or --mount, validated but not yet resolved against the host.</summary>
public sealed record MountRequest
{
    public required MountKind Kind { get; init; }

    /// <summary>Host path (bind, overlay), volume name ("" = anonymous), image reference, or the fs type.</summary>
    public string Source { get; init; } = string.Empty;

    public required string Destination { get; init; }

    /// <summary>The options in Podman's vocabulary: ro, rw, z, Z, U, O, nocopy, bind, rbind, propagation, nosuid, size=..., ...</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>volume-opt=KEY=VALUE pairs of --mount type=volume: driver options used when the volume is created here.</summary>
    public IReadOnlyDictionary<string, string> VolumeOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>volume-subpath / subpath of --mount type=volume.</summary>
    public string? SubPath { get; init; }

    public bool ReadOnly => Options.Contains("ro");
}
