namespace Vaina.Engine.Images;

/// <summary>
/// The registry-facing flags of pull, and of run/create/build when they pull implicitly
/// (<c>--authfile --creds --cert-dir --tls-verify --platform --arch --os --variant -q</c>).
/// </summary>
public sealed class ImagePullRequest
{
    /// <summary><c>--authfile</c> (null: REGISTRY_AUTH_FILE or Podman's default files).</summary>
    public string? AuthFile { get; init; }

    /// <summary><c>--creds USER[:PASSWORD]</c>.</summary>
    public string? Credentials { get; init; }

    /// <summary><c>--cert-dir</c>: replaces the certs.d lookup.</summary>
    public string? CertDir { get; init; }

    /// <summary><c>--tls-verify</c>; null = not given (verify unless registries.conf marks the registry insecure).</summary>
    public bool? TlsVerify { get; init; }

    /// <summary><c>--platform OS/ARCH[/VARIANT]</c>.</summary>
    public string? Platform { get; init; }

    public string? Architecture { get; init; }

    public string? Os { get; init; }

    public string? Variant { get; init; }

    /// <summary><c>-q</c>: no progress output.</summary>
    public bool Quiet { get; init; }

    /// <summary><c>pull --all-tags</c>.</summary>
    public bool AllTags { get; init; }

    /// <summary>True when any of the platform flags is given (a local image of another platform then does not count).</summary>
    public bool PlatformExplicit => !string.IsNullOrEmpty(Platform) || !string.IsNullOrEmpty(Architecture) || !string.IsNullOrEmpty(Os) || !string.IsNullOrEmpty(Variant);

    public static ImagePullRequest Default { get; } = new();

    /// <summary>--signature-policy: a policy.json used instead of the default one.</summary>
    public string? SignaturePolicyPath { get; init; }
}
