namespace Vaina.Storage.Containers;

/// <summary>Where a container's read-write layer lives.</summary>
public sealed record ContainerLayerPaths
{
    public required string ContainerId { get; init; }

    /// <summary>The container layer's own directory (everything below belongs to it).</summary>
    public required string Directory { get; init; }

    /// <summary>The root filesystem the runtime gets: the overlay mount point, or the vfs tree itself.</summary>
    public required string Rootfs { get; init; }

    /// <summary>overlay: upper dir (the container's changes); vfs: null.</summary>
    public string? UpperDir { get; init; }

    /// <summary>overlay: work dir; vfs: null.</summary>
    public string? WorkDir { get; init; }

    /// <summary>ChainID of the image's top layer, null for a container without an image layer.</summary>
    public string? ParentLayerId { get; init; }

    /// <summary>--rootfs PATH: <see cref="Rootfs"/> is the user's directory, never mounted or unmounted by the store.</summary>
    public bool IsExternal { get; init; }
}
