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

    /// <summary>
    /// Size in bytes as containers/storage counts it: the uncompressed layers plus every stored metadata item
    /// (config, the latest manifest, each manifest the image was known by, a list's instances). On create, pass
    /// the layers' sum: the store adds the metadata.
    /// </summary>
    public long Size { get; set; }

    /// <summary>
    /// The digest of the image's current manifest (for a manifest list: the list as it is now, while
    /// <see cref="ManifestDigest"/> stays the digest it was created with, as containers/storage keeps it).
    /// </summary>
    public string CurrentManifestDigest { get; set; } = string.Empty;

    /// <summary>A manifest list (`manifest create`): no config, no layers; its instances are other images or remote.</summary>
    public bool IsManifestList => ManifestMediaType is ManifestListMediaType or ImageIndexMediaType;

    public const string ManifestListMediaType = "application/vnd.docker.distribution.manifest.list.v2+json";

    public const string ImageIndexMediaType = "application/vnd.oci.image.index.v1+json";

    /// <summary>Creation time from the image config.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>When it was pulled or loaded into this store.</summary>
    public DateTimeOffset Pulled { get; set; }

    public string? Architecture { get; set; }

    public string? Os { get; set; }

    /// <summary>"sha256:" + Id.</summary>
    public string ConfigDigest => Digest.Sha256Prefix + Id;
}
