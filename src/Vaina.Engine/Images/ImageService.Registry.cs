using Vaina.Config;
using Vaina.Images.References;
using Vaina.Images.Registry;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// `login`: checks user/password against the registry (/v2/), then stores them in the auth file
    /// (--authfile, REGISTRY_AUTH_FILE, or Podman's runtime auth.json). Wrong credentials:
    /// "logging into \"HOST\": invalid username/password".
    /// </summary>
    public async Task LoginAsync(string registryKey, string username, string password, string? authFile, string? certDir, bool? tlsVerify, CancellationToken ct)
    {
        var host = RegistryHostOf(registryKey);
        var options = RegistryOptions(authFile, null, certDir, tlsVerify);
        var withCreds = new RegistryClientOptions
        {
            TlsVerify = options.TlsVerify,
            CertDir = options.CertDir,
            CertsDRoots = options.CertsDRoots,
            Credentials = new RegistryCredentials(username, password),
            IsInsecureRegistry = options.IsInsecureRegistry,
            UserAgent = options.UserAgent,
        };
        using var client = new RegistryClient(host, withCreds);
        try
        {
            await client.VerifyCredentialsAsync(ct).ConfigureAwait(false);
        }
        catch (RegistryException e) when (!e.Message.StartsWith("logging into", StringComparison.Ordinal))
        {
            throw new VainaException($"authenticating creds for \"{host}\": {e.Message}", inner: e);
        }

        AuthFiles(authFile).PrimaryFile.Set(registryKey, username, password);
    }

    /// <summary>Whether the stored credentials for the registry (if any) are accepted; null when none are stored.</summary>
    public async Task<bool?> CheckStoredLoginAsync(string registryKey, string? authFile, string? certDir, bool? tlsVerify, CancellationToken ct)
    {
        if (AuthFiles(authFile).Find(registryKey) is not { } stored || stored.Username.Length == 0)
        {
            return null;
        }

        try
        {
            await LoginAsync(registryKey, stored.Username, stored.Password, authFile, certDir, tlsVerify, ct).ConfigureAwait(false);
            return true;
        }
        catch (VainaException)
        {
            return false;
        }
    }

    /// <summary>`login --get-login`: the user name stored for the registry; "not logged into HOST" otherwise.</summary>
    public string GetLogin(string registryKey, string? authFile)
    {
        var found = AuthFiles(authFile).Find(registryKey);
        if (found is null || found.Username.Length == 0)
        {
            throw new VainaException($"not logged into {registryKey}");
        }

        return found.Username;
    }

    /// <summary>The stored user name, or null (login's prompt shows it as the default).</summary>
    public string? StoredUsername(string registryKey, string? authFile) => AuthFiles(authFile).Find(registryKey)?.Username is { Length: > 0 } u ? u : null;

    /// <summary>`logout REGISTRY`: removes the entry from the auth file; "not logged into HOST" when it had none.</summary>
    public void Logout(string registryKey, string? authFile)
    {
        var files = AuthFiles(authFile);
        if (files.PrimaryFile.Remove(registryKey))
        {
            return;
        }

        var elsewhere = files.Find(registryKey);
        if (elsewhere is not null && elsewhere.SourceFile.EndsWith("config.json", StringComparison.Ordinal) && elsewhere.SourceFile.Contains(".docker", StringComparison.Ordinal))
        {
            throw new VainaException($"not logged into {registryKey}\nExisting credentials were established via docker login. Please use docker logout instead.");
        }

        throw new VainaException($"not logged into {registryKey}");
    }

    /// <summary>`logout -a`.</summary>
    public void LogoutAll(string? authFile) => AuthFiles(authFile).PrimaryFile.RemoveAll();

    /// <summary>The registry to log into when none is given: the first unqualified-search registry.</summary>
    public string DefaultLoginRegistry()
        => _engine.Config.Registries.UnqualifiedSearchRegistries.FirstOrDefault()
           ?? throw new VainaException("please provide a registry to login to");

    /// <summary>host[:port][/namespace] from what the user typed (scheme and trailing slash dropped, docker.io aliases folded).</summary>
    public static string NormalizeRegistryKey(string input)
    {
        var s = input;
        if (s.StartsWith("https://", StringComparison.Ordinal))
        {
            s = s[8..];
        }
        else if (s.StartsWith("http://", StringComparison.Ordinal))
        {
            s = s[7..];
        }

        s = s.TrimEnd('/');
        if (s.EndsWith("/v1", StringComparison.Ordinal) || s.EndsWith("/v2", StringComparison.Ordinal))
        {
            s = s[..^3];
        }

        var host = RegistryHostOf(s);
        if (host is "index.docker.io" or "registry-1.docker.io")
        {
            s = "docker.io" + s[host.Length..];
        }

        return s;
    }

    private static string RegistryHostOf(string key)
    {
        int slash = key.IndexOf('/');
        return slash < 0 ? key : key[..slash];
    }

    private AuthFileLocations AuthFiles(string? authFile)
    {
        CheckAuthFileForWrite(authFile);
        return _engine.Config.AuthFiles(string.IsNullOrEmpty(authFile) ? null : authFile);
    }

    private static void CheckAuthFileForWrite(string? authFile)
    {
        if (!string.IsNullOrEmpty(authFile) && Directory.Exists(authFile))
        {
            throw new VainaException($"read {authFile}: is a directory");
        }
    }

    /// <summary>
    /// `search TERM`: the registry's catalog (/v2/_catalog) filtered by the term (registries without Docker Hub's
    /// search API), or with <paramref name="listTags"/> the tags of one repository.
    /// </summary>
    public async Task<IReadOnlyList<ImageSearchResult>> SearchAsync(string term, int limit, bool listTags, IReadOnlyList<string> filters, string? authFile, string? creds, string? certDir, bool? tlsVerify, CancellationToken ct)
    {
        CheckAuthFile(authFile);
        var options = RegistryOptions(authFile, creds, certDir, tlsVerify);
        var registries = new List<(string Registry, string Query)>();
        int slash = term.IndexOf('/');
        if (slash > 0 && (term[..slash].Contains('.', StringComparison.Ordinal) || term[..slash].Contains(':', StringComparison.Ordinal) || term[..slash] == "localhost"))
        {
            registries.Add((term[..slash], term[(slash + 1)..]));
        }
        else
        {
            foreach (var r in _engine.Config.Registries.UnqualifiedSearchRegistries)
            {
                registries.Add((r, term));
            }
        }

        if (registries.Count == 0)
        {
            throw new VainaException("no registries to search");
        }

        int stars = 0;
        bool? official = null;
        bool? automated = null;
        foreach (var f in filters)
        {
            int eq = f.IndexOf('=');
            var key = eq < 0 ? f : f[..eq];
            var value = eq < 0 ? "true" : f[(eq + 1)..];
            switch (key)
            {
                case "stars":
                    if (!int.TryParse(value, out stars))
                    {
                        throw new VainaException($"incorrect value type for stars filter: strconv.Atoi: parsing \"{value}\": invalid syntax");
                    }

                    break;
                case "is-official":
                    official = value == "true";
                    break;
                case "is-automated":
                    automated = value == "true";
                    break;
                default:
                    throw new VainaException($"invalid filter type \"{key}\"");
            }
        }

        var results = new List<ImageSearchResult>();
        var errors = new List<string>();
        foreach (var (registry, query) in registries)
        {
            using var client = new RegistryClient(registry, options);
            try
            {
                if (listTags)
                {
                    var reference = ImageReference.Parse($"{registry}/{query}");
                    if (!reference.IsNameOnly)
                    {
                        throw new VainaException($"reference \"{registry}/{query}\" must not have a tag for --list-tags");
                    }

                    var tags = await client.ListTagsAsync(reference.Path, ct).ConfigureAwait(false);
                    var limited = limit > 0 ? tags.Take(limit).ToList() : tags.ToList();
                    results.Add(new ImageSearchResult(registry, reference.Name, string.Empty, 0, string.Empty, string.Empty, string.Empty, limited));
                    continue;
                }

                var repositories = await client.CatalogAsync(0, ct).ConfigureAwait(false);
                foreach (var repo in repositories)
                {
                    if (query.Length > 0 && !repo.Contains(query, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (stars > 0 || official == true || automated == true)
                    {
                        continue;
                    }

                    results.Add(new ImageSearchResult(registry, $"{registry}/{repo}", string.Empty, 0, string.Empty, string.Empty, string.Empty, []));
                }
            }
            catch (VainaException e)
            {
                errors.Add(e.Message);
            }
        }

        if (results.Count == 0 && errors.Count > 0)
        {
            throw new VainaException(errors.Count == 1 ? errors[0] : string.Join("\n", errors));
        }

        int max = limit > 0 ? limit : 25;
        return listTags ? results : results.Take(max).ToList();
    }
}
