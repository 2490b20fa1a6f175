using Vaina.Config;
using Vaina.Images.Registry;

namespace Vaina.Engine.Images;

/// <summary>
/// Credentials from the auth files at Podman's locations (<see cref="ConfigContext.AuthFiles"/>: --authfile or
/// REGISTRY_AUTH_FILE alone, else the runtime auth.json, ~/.config/containers/auth.json, ~/.docker/config.json).
/// </summary>
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

        if (found.Username.Length == 0 && found.Password.Length == 0 && found.IdentityToken is null)
        {
            // A credential helper entry: vaina does not run helpers, so the registry sees an anonymous client.
            return null;
        }

        return new RegistryCredentials(found.Username, found.Password, found.IdentityToken);
    }
}
