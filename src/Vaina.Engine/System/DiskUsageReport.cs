namespace Vaina.Engine.System;

/// <summary>`system df`: what images, containers and volumes take (libpod's SystemDfReport).</summary>
public sealed class DiskUsageReport
{
    /// <summary>One row per image name (one "&lt;none&gt;" row for an untagged image).</summary>
    public required IReadOnlyList<ImageUsage> Images { get; init; }

    /// <summary>The layers of all images, each counted once.</summary>
    public long ImagesSize { get; init; }

    public required IReadOnlyList<ContainerUsage> Containers { get; init; }

    public required IReadOnlyList<VolumeUsage> Volumes { get; init; }

    public sealed record ImageUsage(string Repository, string Tag, string ImageId, DateTimeOffset Created, long Size, long SharedSize, long UniqueSize, int Containers);

    public sealed record ContainerUsage(string ContainerId, string Image, IReadOnlyList<string> Command, int LocalVolumes, long RwSize, DateTimeOffset Created, string Status, string Names);

    public sealed record VolumeUsage(string VolumeName, int Links, long Size, long ReclaimableSize);
}
