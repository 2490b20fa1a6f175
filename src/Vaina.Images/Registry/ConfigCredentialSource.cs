using Vaina.Config;

namespace Vaina.Images.Registry;

/// <summary>Credentials from Vaina.Config's auth-file lookup (<c>--authfile</c>, REGISTRY_AUTH_FILE, defaults).</summary>
public sealed class ConfigCredentialSource : ICredentialSource
{
    private readonly AuthFileLocations _locations;

    public ConfigCredentialSource(AuthFileLocations locations)
    {
        _locations = locations;
    }

    public RegistryCredentials? Lookup(string registry, string? repository = null)
    {
        var key = string.IsNullOrEmpty(repository) ? registry : $"{registry}/{repository}";
        if (_locations.Find(key) is not { } found)
        {
            return null;
        }

        if (found.HelperName is not null)
        {
            throw new VainaException($"credential helper \"{found.HelperName}\" for {found.Key} in {found.SourceFile} is not supported by vaina");
        }

        return new RegistryCredentials(found.Username, found.Password, found.IdentityToken);
    }
}
