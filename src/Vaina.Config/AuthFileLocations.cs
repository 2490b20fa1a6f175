using System.Globalization;

namespace Vaina.Config;

/// <summary>
/// Where credentials live, as containers/image looks for them. Writes go to <see cref="Primary"/>;
/// lookups try every file of <see cref="ReadOrder"/> in turn.
/// </summary>
public sealed class AuthFileLocations
{
    private readonly HostEnvironment _env;

    public AuthFileLocations(HostEnvironment env, HostIdentity identity, string? explicitPath = null)
    {
        _env = env;
        explicitPath ??= env.Get("REGISTRY_AUTH_FILE");
        IsExplicit = explicitPath is not null;
        Primary = explicitPath ?? DefaultPrimary(env, identity);
        var files = new List<AuthFile> { new(env, Primary) };
        if (!IsExplicit)
        {
            // An explicit file (--authfile / REGISTRY_AUTH_FILE) is the only one consulted, as in Podman.
            files.Add(new AuthFile(env, Path.Combine(identity.ConfigHome, "containers", "auth.json")));
            string dockerDir = env.Get("DOCKER_CONFIG") ?? Path.Combine(identity.Home, ".docker");
            files.Add(new AuthFile(env, Path.Combine(dockerDir, "config.json")));
            files.Add(new AuthFile(env, Path.Combine(identity.Home, ".dockercfg"), legacyFormat: true));
        }

        ReadOrder = files;
    }

    /// <summary>
    /// REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json, else (rootless) the runtime directory vaina
    /// derives (Podman sets XDG_RUNTIME_DIR to its derived one before it looks), else /run/containers/0/auth.json.
    /// </summary>
    public string Primary { get; }

    public bool IsExplicit { get; }

    public IReadOnlyList<AuthFile> ReadOrder { get; }

    /// <summary>The file vaina writes (login) and removes from (logout).</summary>
    public AuthFile PrimaryFile => ReadOrder[0];

    /// <summary>The first credentials found for <paramref name="key"/> (host[:port][/namespace]).</summary>
    public RegistryCredential? Find(string key)
    {
        foreach (var file in ReadOrder)
        {
            if (file.Find(key) is { } credential)
            {
                return credential;
            }
        }

        return null;
    }

    private static string DefaultPrimary(HostEnvironment env, HostIdentity identity)
    {
        if (env.Get("XDG_RUNTIME_DIR") is { } runtimeDir)
        {
            return Path.Combine(runtimeDir, "containers", "auth.json");
        }

        if (identity.IsRootless)
        {
            return Path.Combine(identity.RuntimeDir, "containers", "auth.json");
        }

        return $"/run/containers/{identity.Uid.ToString(CultureInfo.InvariantCulture)}/auth.json";
    }
}
