namespace Vaina.Config;

/// <summary>
/// Credentials found for a registry key. Either a username/password (possibly empty when the entry has no
/// "auth"), an identity token, or the name of a credential helper (credHelpers) the caller must run.
/// </summary>
/// <param name="Key">The key that matched in the file (host, or host/namespace).</param>
/// <param name="SourceFile">The auth file it came from (host path).</param>
public sealed record RegistryCredential(
    string Username,
    string Password,
    string? IdentityToken,
    string? HelperName,
    string Key,
    string SourceFile);
