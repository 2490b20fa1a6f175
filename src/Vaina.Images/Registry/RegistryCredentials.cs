namespace Vaina.Images.Registry;

/// <summary>A user name and password (or an identity token, used as the OAuth2 refresh token).</summary>
public sealed record RegistryCredentials(string Username, string Password, string? IdentityToken = null)
{
    /// <summary>Parses <c>--creds user[:password]</c>.</summary>
    public static RegistryCredentials ParseCredsFlag(string creds)
    {
        if (creds.Length == 0)
        {
            throw new VainaException("credentials can't be empty");
        }

        int i = creds.IndexOf(':', StringComparison.Ordinal);
        if (i < 0)
        {
            throw new VainaException("password is required with --creds in non-interactive mode");
        }

        if (i == 0)
        {
            throw new VainaException("username can't be empty");
        }

        return new RegistryCredentials(creds[..i], creds[(i + 1)..]);
    }
}
