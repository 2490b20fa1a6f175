namespace Vaina.Engine.System;

/// <summary>`vaina system check` flags (Podman 5's podman-system-check).</summary>
public sealed record StorageCheckOptions
{
    /// <summary>--quick: skip reading every layer's content back against the blob it was pulled from.</summary>
    public bool Quick { get; init; }

    /// <summary>--repair: remove damaged images (unless containers use them) and damaged layers.</summary>
    public bool Repair { get; init; }

    /// <summary>--force: also remove damaged containers, and so the damaged images they used.</summary>
    public bool Force { get; init; }

    /// <summary>--max: layers no image or container uses count as damaged once this old (Podman: 24h).</summary>
    public TimeSpan MaxUnreferencedAge { get; init; } = TimeSpan.FromHours(24);
}
