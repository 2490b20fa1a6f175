using System.Text;
using System.Text.Json;

namespace Vaina.Images.Registry;

/// <summary>
/// Reads credentials from containers-auth.json files (and Docker's config.json), in the order Podman uses:
/// an explicit <c>--authfile</c> (or <c>REGISTRY_AUTH_FILE</c>) alone; otherwise the runtime auth file,
/// <c>~/.config/containers/auth.json</c>, <c>~/.docker/config.json</c>. Keys may be <c>host</c> or
/// <c>host/namespace/repo</c>; the most specific key wins. Credential helpers are not run.
/// </summary>
public sealed class AuthFileCredentialSource : ICredentialSource
{
    private readonly IReadOnlyList<string> _files;

    public AuthFileCredentialSource(IReadOnlyList<string> files)
    {
        _files = files;
    }

    public static AuthFileCredentialSource ForUser(string? authFile)
    {
        authFile ??= Environment.GetEnvironmentVariable("REGISTRY_AUTH_FILE");
        if (!string.IsNullOrEmpty(authFile))
        {
            return new AuthFileCredentialSource([authFile]);
        }

        var files = new List<string>();
        var runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        // Inside the rootless user namespace euid is 0: the per-user files are the host user's.
        uint uid = Vaina.Linux.Namespaces.RootlessMarker.EffectiveHostUid();
        if (uid == 0)
        {
            files.Add("/run/containers/0/auth.json");
        }
        else if (!string.IsNullOrEmpty(runtimeDir))
        {
            files.Add(Path.Combine(runtimeDir, "containers", "auth.json"));
        }

        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        files.Add(Path.Combine(string.IsNullOrEmpty(configHome) ? Path.Combine(home, ".config") : configHome, "containers", "auth.json"));
        var dockerConfig = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        files.Add(Path.Combine(string.IsNullOrEmpty(dockerConfig) ? Path.Combine(home, ".docker") : dockerConfig, "config.json"));
        files.Add(Path.Combine(home, ".dockercfg"));
        return new AuthFileCredentialSource(files);
    }

    public RegistryCredentials? Lookup(string registry, string? repository = null)
    {
        foreach (var file in _files)
        {
            if (!File.Exists(file))
            {
                continue;
            }

            using var doc = ParseFile(file);
            var auths = doc.RootElement.TryGetProperty("auths", out var a) ? a : doc.RootElement;
            if (auths.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var key in CandidateKeys(registry, repository))
            {
                foreach (var entry in auths.EnumerateObject())
                {
                    if (NormalizeKey(entry.Name) == key && Decode(entry.Value) is { } creds)
                    {
                        return creds;
                    }
                }
            }
        }

        return null;
    }

    private static JsonDocument ParseFile(string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new VainaException($"reading JSON file \"{file}\": {e.Message}", inner: e);
        }
    }

    private static IEnumerable<string> CandidateKeys(string registry, string? repository)
    {
        if (!string.IsNullOrEmpty(repository))
        {
            var path = $"{registry}/{repository}";
            while (true)
            {
                yield return path;
                int i = path.LastIndexOf('/');
                if (i <= registry.Length - 1)
                {
                    break;
                }

                path = path[..i];
                if (path == registry)
                {
                    break;
                }
            }
        }

        yield return registry;
        if (registry == "docker.io")
        {
            yield return "index.docker.io";
            yield return "registry-1.docker.io";
        }
    }

    // Docker's config.json uses "https://index.docker.io/v1/"-style keys.
    private static string NormalizeKey(string key)
    {
        var k = key;
        if (k.StartsWith("https://", StringComparison.Ordinal))
        {
            k = k["https://".Length..];
        }
        else if (k.StartsWith("http://", StringComparison.Ordinal))
        {
            k = k["http://".Length..];
        }

        if (k.EndsWith("/v1/", StringComparison.Ordinal) || k.EndsWith("/v2/", StringComparison.Ordinal))
        {
            k = k[..^4];
        }

        return k.TrimEnd('/');
    }

    private static RegistryCredentials? Decode(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? identityToken = entry.TryGetProperty("identitytoken", out var it) && it.ValueKind == JsonValueKind.String ? it.GetString() : null;
        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } b64)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            }
            catch (FormatException)
            {
                return null;
            }

            int i = decoded.IndexOf(':', StringComparison.Ordinal);
            if (i < 0)
            {
                return null;
            }

            return new RegistryCredentials(decoded[..i], decoded[(i + 1)..], identityToken);
        }

        return identityToken is null ? null : new RegistryCredentials(string.Empty, string.Empty, identityToken);
    }
}
