namespace Vaina.Storage.Layers;

/// <summary>One stored (read-only) image layer.</summary>
public sealed record LayerRecord
{
    /// <summary>OCI ChainID, "sha256:hex".</summary>
    public required string Id { get; init; }

    /// <summary>ChainID of the layer below, null for a base layer.</summary>
    public string? ParentId { get; init; }

    /// <summary>sha256 of the uncompressed tar.</summary>
    public required string DiffId { get; init; }

    /// <summary>Size of the uncompressed tar in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Digest of the blob it was pulled from, when known.</summary>
    public string? CompressedDigest { get; init; }

    public long CompressedSize { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>Overlay short link name (26 chars) under GraphRoot/overlay/l, null for vfs.</summary>
    public string? Link { get; init; }
}
