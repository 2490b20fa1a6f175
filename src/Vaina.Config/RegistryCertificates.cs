namespace Vaina.Config;

/// <summary>The certs.d directory found for a registry and the files in it (on-disk paths, ready to open).</summary>
/// <param name="Directory">The certs.d/HOST[:PORT] directory (host path), or null when none exists.</param>
/// <param name="CaFiles">*.crt files: extra CA roots.</param>
/// <param name="ClientCertificates">*.cert with their matching *.key: client certificates.</param>
public sealed record RegistryCertificates(
    string? Directory,
    IReadOnlyList<string> CaFiles,
    IReadOnlyList<(string Certificate, string Key)> ClientCertificates);
