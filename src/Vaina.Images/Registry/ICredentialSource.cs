namespace Vaina.Images.Registry;

/// <summary>Where the registry client finds credentials for a registry (auth.json files, <c>--creds</c>).</summary>
public interface ICredentialSource
{
    /// <summary>Credentials for <paramref name="registry"/> (host[:port]) and, if given, a repository within it.</summary>
    RegistryCredentials? Lookup(string registry, string? repository = null);
}
