using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vaina.Config;

/// <summary>
/// One auth.json (or Docker config.json / legacy .dockercfg) file. Reads tolerate other content
/// (credsStore, HttpHeaders, ...); writes keep it, replace the file atomically, with mode 0600.
/// </summary>
public sealed class AuthFile
{
    private readonly HostEnvironment _env;

    public AuthFile(HostEnvironment env, string path, bool legacyFormat = false)
    {
        _env = env;
        Path = path;
        LegacyFormat = legacyFormat;
    }

    /// <summary>Host path of the file.</summary>
    public string Path { get; }

    /// <summary>~/.dockercfg: the host map is the top level, without "auths".</summary>
    public bool LegacyFormat { get; }

    public bool Exists => _env.FileExists(Path);

    /// <summary>
    /// Credentials for <paramref name="key"/> (host[:port][/namespace/...]): exact key first, then each parent
    /// namespace up to the host (legacy files: the host only), then keys written as URLs
    /// (https://index.docker.io/v1/) normalized to their host. credHelpers for the host win over "auths".
    /// </summary>
    public RegistryCredential? Find(string key)
    {
        var root = ReadRoot();
        if (root is null)
        {
            return null;
        }

        string registry = HostOf(key);
        if (!LegacyFormat && root["credHelpers"] is JsonObject helpers && helpers[registry] is JsonValue helper
            && helper.TryGetValue(out string? helperName) && helperName.Length > 0)
        {
            return new RegistryCredential("", "", null, helperName, registry, Path);
        }

        if ((LegacyFormat ? root : root["auths"]) is not JsonObject auths)
        {
            return null;
        }

        foreach (string candidate in LegacyFormat ? [registry] : CandidateKeys(key))
        {
            if (auths[candidate] is JsonObject entry)
            {
                return Decode(candidate, entry);
            }
        }

        string normalized = NormalizeRegistry(registry);
        foreach (var (fileKey, value) in auths)
        {
            if (value is JsonObject entry && NormalizeFileKey(fileKey, LegacyFormat) == normalized)
            {
                return Decode(fileKey, entry);
            }
        }

        return null;
    }

    /// <summary>All keys under "auths" (for `vaina login --get-login` style listings).</summary>
    public IReadOnlyList<string> Keys()
        => (LegacyFormat ? ReadRoot() : ReadRoot()?["auths"]) is JsonObject auths ? [.. auths.Select(kv => kv.Key)] : [];

    /// <summary>Stores user:password under <paramref name="key"/>, creating the file (0600) and its directory (0700).</summary>
    public void Set(string key, string username, string password)
    {
        if (LegacyFormat)
        {
            throw new VainaException($"writing credentials to legacy file {Path} is not supported");
        }

        Edit(root =>
        {
            if (root["auths"] is not JsonObject auths)
            {
                auths = new JsonObject();
                root["auths"] = auths;
            }

            auths[key] = new JsonObject
            {
                ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")),
            };
            return true;
        });
    }

    /// <summary>Removes <paramref name="key"/> (exact match). False when it was not there.</summary>
    public bool Remove(string key)
    {
        if (LegacyFormat || !Exists)
        {
            return false;
        }

        return Edit(root => root["auths"] is JsonObject auths && auths.Remove(key));
    }

    /// <summary>Removes every entry (logout --all). False when there was nothing.</summary>
    public bool RemoveAll()
    {
        if (LegacyFormat || !Exists)
        {
            return false;
        }

        return Edit(root =>
        {
            bool had = root["auths"] is JsonObject { Count: > 0 };
            root["auths"] = new JsonObject();
            return had;
        });
    }

    /// <summary>host/ns/repo, host/ns, host: the keys to try for a lookup, most specific first.</summary>
    public static IReadOnlyList<string> CandidateKeys(string key)
    {
        var keys = new List<string>();
        string current = key;
        while (true)
        {
            keys.Add(current);
            int slash = current.LastIndexOf('/');
            if (slash < 0)
            {
                return keys;
            }

            current = current[..slash];
        }
    }

    private bool Edit(Func<JsonObject, bool> change)
    {
        string onDisk = _env.OnDisk(Path);
        return AtomicFile.WithLock(onDisk, () =>
        {
            var root = ReadRoot() ?? new JsonObject();
            if (!change(root))
            {
                return false;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1 }))
            {
                root.WriteTo(writer);
            }

            buffer.WriteByte((byte)'\n');
            AtomicFile.WriteAllBytes(onDisk, buffer.ToArray(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return true;
        });
    }

    private JsonObject? ReadRoot()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_env.OnDisk(Path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VainaException($"reading JSON file \"{Path}\": {e.Message}", inner: e);
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(bytes) as JsonObject
                ?? throw new VainaException($"unmarshaling JSON at \"{Path}\": not a JSON object");
        }
        catch (JsonException e)
        {
            throw new VainaException($"unmarshaling JSON at \"{Path}\": line {(e.LineNumber ?? 0) + 1}: {e.Message.Split(". Path:")[0]}", inner: e);
        }
    }

    private RegistryCredential Decode(string key, JsonObject entry)
    {
        string? token = entry["identitytoken"] is JsonValue t && t.TryGetValue(out string? tokenText) && tokenText.Length > 0 ? tokenText : null;
        if (entry["auth"] is not JsonValue authValue || !authValue.TryGetValue(out string? auth) || auth.Length == 0)
        {
            return new RegistryCredential("", "", token, null, key, Path);
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
        }
        catch (FormatException e)
        {
            throw new VainaException($"decoding credentials for \"{key}\" in \"{Path}\": illegal base64 data", inner: e);
        }

        int colon = decoded.IndexOf(':');
        if (colon < 0)
        {
            throw new VainaException($"decoding credentials for \"{key}\" in \"{Path}\": missing ':' in auth");
        }

        return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..], token, null, key, Path);
    }

    private static string HostOf(string key)
    {
        int slash = key.IndexOf('/');
        return slash < 0 ? key : key[..slash];
    }

    // Docker wrote API URLs as keys ("https://index.docker.io/v1/"); reduce them to the registry host.
    private static string NormalizeFileKey(string key, bool legacyFormat)
    {
        string stripped = key.StartsWith("http://", StringComparison.Ordinal) ? key[7..]
            : key.StartsWith("https://", StringComparison.Ordinal) ? key[8..]
            : key;
        if (legacyFormat || !ReferenceEquals(stripped, key))
        {
            stripped = HostOf(stripped);
        }

        return NormalizeRegistry(stripped);
    }

    private static string NormalizeRegistry(string registry)
        => registry is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : registry;
}
