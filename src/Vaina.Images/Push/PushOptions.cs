using Vaina.Images.Pull;
using Vaina.Images.Registry;

namespace Vaina.Images.Push;

/// <summary><c>push</c> flags: compression, manifest format, digest file, registry access.</summary>
public sealed class PushOptions
{
    public RegistryClientOptions Registry { get; init; } = new();

    /// <summary><c>--compression-format</c>: gzip (default) or zstd (OCI manifests only).</summary>
    public string CompressionFormat { get; init; } = "gzip";

    /// <summary><c>--format</c>: oci, v2s2 (docker); null keeps the stored manifest's kind.</summary>
    public string? ManifestFormat { get; init; }

    /// <summary><c>--digestfile</c>: where to write the pushed manifest's digest.</summary>
    public string? DigestFile { get; init; }

    public IProgress<ImageProgress>? Progress { get; init; }
}
