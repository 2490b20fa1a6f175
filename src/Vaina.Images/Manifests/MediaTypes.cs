namespace Vaina.Images.Manifests;

/// <summary>Manifest, config and layer media types of the OCI image spec and Docker's schema2.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciLayerNonDistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayerForeignGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>The Accept list for manifest requests: every type vaina can read, single images and lists.</summary>
    public static readonly string[] ManifestAccept =
    [
        OciManifest, OciIndex, DockerManifest, DockerManifestList, DockerSchema1Signed, DockerSchema1,
    ];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsImageManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsSchema1(string? mediaType) => mediaType is DockerSchema1 or DockerSchema1Signed;

    /// <summary>Compression of a layer media type: "gzip", "zstd" or "" (plain tar).</summary>
    public static string LayerCompression(string mediaType) => mediaType switch
    {
        OciLayerZstd => "zstd",
        OciLayer or "application/vnd.docker.image.rootfs.diff.tar" => string.Empty,
        _ when mediaType.EndsWith("+zstd", StringComparison.Ordinal) => "zstd",
        _ => "gzip",
    };
}
