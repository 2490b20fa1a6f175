using System.Text.Json.Nodes;
using Vaina.Runtime;

namespace Vaina.Engine.Volumes;

/// <summary>What <see cref="VolumeService.PrepareMounts"/> hands to the runtime and to `inspect`.</summary>
public sealed class PreparedMounts
{
    /// <summary>The mounts for <see cref="ContainerRunOptions.Mounts"/>, parents before children.</summary>
    public required IReadOnlyList<BindMount> Mounts { get; init; }

    /// <summary>The named and anonymous volumes the container uses (distinct).</summary>
    public required IReadOnlyList<string> VolumeNames { get; init; }

    /// <summary>Podman's inspect `Mounts` array for these mounts.</summary>
    public required JsonArray InspectMounts { get; init; }
}
