namespace Vaina.Storage.Images;

/// <summary>
/// One stored image. Its config and manifest JSON live in the BlobStore under <c>"sha256:" + Id</c> and
/// <see cref="ManifestDigest"/>.
/// </summary>
public sealed class ImageRecord
{
    /// <summary>Config digest hex (64 chars, no "sha256:").</summary>
    public required string Id { get; set; }

    /// <summary>Full references, e.g. "localhost:5000/busybox:latest"; an image without names is dangling (&lt;none&gt;).</summary>
    public List<string> Names { get; set; } = [];

    /// <summary>"repo@sha256:..." manifest digests the image is known by.</summary>
    public List<string> Digests { get; set; } = [];

    /// <summary>ChainID of the top layer; empty for an image without layers. Filled from LayerIds when empty.</summary>
    public string TopLayerId { get; set; } = string.Empty;

    /// <summary>ChainIDs, base first.</summary>
    public List<string> LayerIds { get; set; } = [];

    /// <summary>"sha256:..." of the image manifest (the platform manifest, not the index).</summary>
    public string ManifestDigest { get; set; } = string.Empty;

    public string ManifestMediaType { get; set; } = string.Empty;

    /// <summary>Size in bytes (sum of the uncompressed layers, as Podman shows it).</summary>
    public long Size { get; set; }

    /// <summary>Creation time from the image config.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>When it was pulled or loaded into this store.</summary>
    public DateTimeOffset Pulled { get; set; }

    public string? Architecture { get; set; }

    public string? Os { get; set; }

    /// <summary>"sha256:" + Id.</summary>
    public string ConfigDigest => Digest.Sha256Prefix + Id;
}
