namespace Vaina.Images.Registry;

/// <summary>How to talk to registries during one command (the flags and config of a pull/push/login/search).</summary>
public sealed class RegistryClientOptions
{
    /// <summary><c>--tls-verify</c>: null = default (verify, unless registries.conf marks the registry insecure).</summary>
    public bool? TlsVerify { get; init; }

    /// <summary><c>--cert-dir</c>: replaces the certs.d lookup.</summary>
    public string? CertDir { get; init; }

    /// <summary>certs.d roots searched for <c>HOST:PORT/</c> directories when no <see cref="CertDir"/> is given.</summary>
    public IReadOnlyList<string> CertsDRoots { get; init; } = ["/etc/containers/certs.d", "/etc/docker/certs.d"];

    /// <summary><c>--creds</c>: used for every registry of the command.</summary>
    public RegistryCredentials? Credentials { get; init; }

    /// <summary>auth.json lookup (<c>--authfile</c>, defaults); null = none.</summary>
    public ICredentialSource? CredentialSource { get; init; }

    /// <summary>registries.conf's <c>insecure = true</c> for a registry host.</summary>
    public Func<string, bool>? IsInsecureRegistry { get; init; }

    /// <summary>registries.conf's <c>blocked = true</c> for a reference.</summary>
    public Func<string, bool>? IsBlockedRegistry { get; init; }

    public string UserAgent { get; init; } = "vaina/0.1";

    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Options wired to registries.conf (insecure, blocked), the certs.d roots and auth files of Vaina.Config.</summary>
    public static RegistryClientOptions FromConfig(
        Vaina.Config.RegistriesConfig registries,
        Vaina.Config.AuthFileLocations? authFiles,
        IReadOnlyList<string>? certsDRoots,
        bool? tlsVerify = null,
        string? certDir = null,
        RegistryCredentials? credentials = null) => new()
        {
            TlsVerify = tlsVerify,
            CertDir = certDir,
            Credentials = credentials,
            CredentialSource = authFiles is null ? null : new ConfigCredentialSource(authFiles),
            CertsDRoots = certsDRoots ?? ["/etc/containers/certs.d", "/etc/docker/certs.d"],
            IsInsecureRegistry = registries.IsInsecure,
            IsBlockedRegistry = registries.IsBlocked,
        };
}
