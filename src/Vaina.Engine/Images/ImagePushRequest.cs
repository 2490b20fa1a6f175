namespace Vaina.Engine.Images;

/// <summary>`push` flags besides the registry ones.</summary>
public sealed class ImagePushRequest
{
    public string? AuthFile { get; init; }

    public string? Credentials { get; init; }

    public string? CertDir { get; init; }

    public bool? TlsVerify { get; init; }

    /// <summary>gzip (default from containers.conf) or zstd.</summary>
    public string? CompressionFormat { get; init; }

    /// <summary>--format oci|v2s2|docker.</summary>
    public string? ManifestFormat { get; init; }

    public string? DigestFile { get; init; }

    public bool Quiet { get; init; }

    /// <summary>--sign-by: the gpg key (fingerprint, id or e-mail) signing the pushed manifest (simple signing).</summary>
    public string? SignBy { get; init; }
}
