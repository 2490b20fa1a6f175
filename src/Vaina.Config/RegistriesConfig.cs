using Tomlyn.Model;

namespace Vaina.Config;

/// <summary>
/// registries.conf (v2, v1 accepted for the main file) plus registries.conf.d drop-ins, merged as
/// containers/image sysregistriesv2 merges them: [[registry]] entries by prefix (later wins),
/// unqualified-search-registries and short-name-mode replaced when a later file sets them,
/// credential-helpers replaced when non-empty, [aliases] merged name by name.
/// </summary>
public sealed class RegistriesConfig
{
    internal const string ErrorPrefix = "loading registries configuration";

    private List<RegistryEntry> _registries = [];
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliasOrigins = new(StringComparer.Ordinal);

    public IReadOnlyList<string> UnqualifiedSearchRegistries { get; private set; } = [];

    /// <summary>The file that set <see cref="UnqualifiedSearchRegistries"/> (Podman names it in errors).</summary>
    public string UnqualifiedSearchRegistriesOrigin { get; private set; } = "";

    /// <summary>
    /// When no file sets it: permissive, containers/image's built-in default (distributions usually ship
    /// "enforcing" in /etc/containers/registries.conf; Debian's leaves it commented out).
    /// </summary>
    public ShortNameMode ShortNameMode { get; private set; } = ShortNameMode.Permissive;

    /// <summary>Default ["containers-auth.json"]: the auth files only.</summary>
    public IReadOnlyList<string> CredentialHelpers { get; private set; } = ["containers-auth.json"];

    public IReadOnlyList<RegistryEntry> Registries => _registries;

    /// <summary>Short name to fully-qualified name, from [aliases] of all files.</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    public IReadOnlyList<string> Sources { get; private set; } = [];

    /// <summary>The main file and drop-in directories, as containers/image picks them.</summary>
    public static (string File, IReadOnlyList<string> DropInDirs, bool Explicit) ResolveFiles(HostEnvironment env, HostIdentity identity)
    {
        // containers/image places the user files under $HOME/.config (not $XDG_CONFIG_HOME).
        string userFile = Path.Combine(identity.Home, ".config/containers/registries.conf");
        string userDir = Path.Combine(identity.Home, ".config/containers/registries.conf.d");
        if (env.Get("CONTAINERS_REGISTRIES_CONF") is { } explicitFile)
        {
            return (explicitFile, ["/etc/containers/registries.conf.d", userDir], true);
        }

        if (env.FileExists(userFile))
        {
            return (userFile, [userDir], false);
        }

        return ("/etc/containers/registries.conf", ["/etc/containers/registries.conf.d", userDir], false);
    }

    public static RegistriesConfig Load(HostEnvironment env, HostIdentity identity)
    {
        var (file, dropInDirs, isExplicit) = ResolveFiles(env, identity);
        var config = new RegistriesConfig();
        var sources = new List<string>();
        var table = TomlFile.ReadIfExists(env, file, ErrorPrefix);
        if (table is null && isExplicit)
        {
            throw new VainaException($"{ErrorPrefix} \"{file}\": open {file}: no such file or directory");
        }

        if (table is not null)
        {
            config.Merge(ReadFile(table, file, allowV1: true));
            sources.Add(file);
        }

        var dropIns = new List<string>();
        foreach (string dir in dropInDirs)
        {
            ContainersConfig.AddDropIns(env, dropIns, dir);
        }

        foreach (string dropIn in dropIns)
        {
            var dropInTable = TomlFile.ReadIfExists(env, dropIn, "loading drop-in registries configuration");
            if (dropInTable is not null)
            {
                config.Merge(ReadFile(dropInTable, dropIn, allowV1: false));
                sources.Add(dropIn);
            }
        }

        config.Sources = sources;
        return config;
    }

    /// <summary>Parses texts as a main file followed by drop-ins (tests).</summary>
    public static RegistriesConfig Parse(params (string Path, string Text)[] files)
    {
        var config = new RegistriesConfig();
        for (int i = 0; i < files.Length; i++)
        {
            config.Merge(ReadFile(TomlFile.Parse(files[i].Text, files[i].Path, ErrorPrefix), files[i].Path, allowV1: i == 0));
        }

        config.Sources = [.. files.Select(f => f.Path)];
        return config;
    }

    /// <summary>
    /// The entry with the longest prefix matching <paramref name="reference"/> (host[:port]/path[:tag][@digest],
    /// host explicit), or null. On equal lengths the first entry wins.
    /// </summary>
    public RegistryEntry? FindRegistry(string reference)
    {
        RegistryEntry? best = null;
        int bestLength = 0;
        foreach (var entry in _registries)
        {
            if (entry.Match(reference) != -1 && entry.Prefix.Length > bestLength)
            {
                best = entry;
                bestLength = entry.Prefix.Length;
            }
        }

        return best;
    }

    /// <summary>Where to pull <paramref name="reference"/> from: the matching entry's sources, or the reference itself.</summary>
    public IReadOnlyList<PullSource> PullSources(string reference)
    {
        if (FindRegistry(reference) is { } entry)
        {
            return entry.PullSources(reference);
        }

        int slash = reference.IndexOf('/');
        return [new PullSource(reference, slash < 0 ? reference : reference[..slash], false, false)];
    }

    /// <summary>Whether pulls of <paramref name="reference"/> are refused by a blocked entry.</summary>
    public bool IsBlocked(string reference) => FindRegistry(reference)?.Blocked ?? false;

    /// <summary>Whether TLS verification is skipped for <paramref name="hostOrReference"/> (host[:port] or reference).</summary>
    public bool IsInsecure(string hostOrReference) => FindRegistry(hostOrReference)?.Insecure ?? false;

    /// <summary>The [aliases] value for a short name and the file that defined it ("" = reset by a drop-in).</summary>
    public (string Value, string Origin)? FindAlias(string shortName)
        => _aliases.TryGetValue(shortName, out string? value) ? (value, _aliasOrigins[shortName]) : null;

    private void Merge(ParsedFile file)
    {
        if (file.Registries.Count > 0)
        {
            var byPrefix = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
            foreach (var entry in _registries.Concat(file.Registries))
            {
                byPrefix[entry.Prefix] = entry;
            }

            // containers/image sorts merged entries by prefix so the order does not depend on map iteration.
            _registries = [.. byPrefix.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value)];
        }

        if (file.UnqualifiedSearch is not null)
        {
            UnqualifiedSearchRegistries = file.UnqualifiedSearch;
            UnqualifiedSearchRegistriesOrigin = file.Path;
        }

        if (file.Mode is { } mode)
        {
            ShortNameMode = mode;
        }

        if (file.CredentialHelpers is { Count: > 0 } helpers)
        {
            CredentialHelpers = helpers;
        }

        foreach (var (name, value) in file.Aliases)
        {
            _aliases[name] = value;
            _aliasOrigins[name] = file.Path;
        }
    }

    private sealed record ParsedFile(
        string Path,
        List<RegistryEntry> Registries,
        IReadOnlyList<string>? UnqualifiedSearch,
        ShortNameMode? Mode,
        IReadOnlyList<string>? CredentialHelpers,
        Dictionary<string, string> Aliases);

    private static ParsedFile ReadFile(TomlTable table, string path, bool allowV1)
    {
        var v = new TomlValues(table, path, "", allowV1 ? ErrorPrefix : "loading drop-in registries configuration");
        var registries = new List<RegistryEntry>();
        IReadOnlyList<string>? search = v.Has("unqualified-search-registries")
            ? v.StringList("unqualified-search-registries", [], allowAppend: false)
            : null;
        ShortNameMode? mode = null;
        if (v.NullableString("short-name-mode", null) is { Length: > 0 } modeText)
        {
            mode = modeText switch
            {
                "enforcing" => ShortNameMode.Enforcing,
                "permissive" => ShortNameMode.Permissive,
                "disabled" => ShortNameMode.Disabled,
                _ => throw v.Error($"invalid short-name mode: \"{modeText}\""),
            };
        }

        IReadOnlyList<string>? helpers = v.Has("credential-helpers")
            ? v.StringList("credential-helpers", [], allowAppend: false)
            : null;

        if (v.Section("registries") is { } v1)
        {
            // sysregistries v1: [registries.search] / [registries.insecure] / [registries.block] lists.
            if (!allowV1)
            {
                throw v.Error("registry must be in v2 format but is in v1");
            }

            if (v.Has("registry") || search is not null)
            {
                throw v.Error("mixing sysregistry v1/v2 is not supported");
            }

            search = V1List(v1, "search");
            var insecure = V1List(v1, "insecure") ?? [];
            var blocked = V1List(v1, "block") ?? [];
            foreach (string location in (search ?? []).Concat(insecure).Concat(blocked).Distinct(StringComparer.Ordinal))
            {
                string parsed = ParseLocation(v, location);
                registries.Add(new RegistryEntry
                {
                    Prefix = parsed,
                    Location = parsed,
                    Insecure = insecure.Contains(location),
                    Blocked = blocked.Contains(location),
                });
            }
        }

        if (v.Table.TryGetValue("registry", out object? registryValue))
        {
            if (registryValue is not TomlTableArray entries)
            {
                throw v.TypeError("registry", "an array of tables ([[registry]])");
            }

            foreach (var entryTable in entries)
            {
                registries.Add(ReadRegistry(v.Nested(entryTable, "registry")));
            }
        }

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        v.StringMap("aliases", aliases);
        foreach (var (name, value) in aliases)
        {
            ShortNameAliasCache.Validate(name, value, msg => v.Error($"validating short-name aliases: {msg}"));
        }

        return new ParsedFile(path, registries, search, mode, helpers, aliases);
    }

    private static IReadOnlyList<string>? V1List(TomlValues v1, string name)
        => v1.Section(name) is { } section && section.Has("registries")
            ? section.StringList("registries", [], allowAppend: false)
            : null;

    private static RegistryEntry ReadRegistry(TomlValues r)
    {
        string location = r.String("location", "");
        string prefix = r.String("prefix", "");
        location = location.Length == 0 ? "" : ParseLocation(r, location);
        if (prefix.Length == 0)
        {
            if (location.Length == 0)
            {
                throw r.Error("invalid condition: both location and prefix are unset");
            }

            prefix = location;
        }
        else if (prefix.StartsWith("*.", StringComparison.Ordinal))
        {
            if (prefix.AsSpan().IndexOfAny('/', '@', ':') >= 0)
            {
                throw r.Error($"Wildcarded prefix should be in the format: *.example.com. Current prefix \"{prefix}\" is incorrectly formatted");
            }
        }
        else
        {
            prefix = ParseLocation(r, prefix);
            if (location.Length == 0)
            {
                location = prefix;
            }
        }

        bool byDigestOnly = r.Bool("mirror-by-digest-only", false);
        var mirrors = new List<RegistryMirror>();
        if (r.Table.TryGetValue("mirror", out object? mirrorValue))
        {
            if (mirrorValue is not TomlTableArray mirrorTables)
            {
                throw r.TypeError("mirror", "an array of tables ([[registry.mirror]])");
            }

            foreach (var mirrorTable in mirrorTables)
            {
                var m = r.Nested(mirrorTable, "mirror");
                string pullFrom = m.String("pull-from-mirror", "");
                if (pullFrom is not ("" or "all" or "digest-only" or "tag-only"))
                {
                    throw m.Error($"unsupported pull-from-mirror value \"{pullFrom}\"");
                }

                if (pullFrom.Length > 0 && byDigestOnly)
                {
                    throw m.Error($"cannot set mirror usage mirror-by-digest-only for the registry ({prefix}) and pull-from-mirror for per-mirror ({m.String("location", "")}) at the same time");
                }

                mirrors.Add(new RegistryMirror(
                    ParseLocation(m, m.String("location", "")),
                    m.Bool("insecure", false),
                    pullFrom.Length == 0 ? "all" : pullFrom));
            }
        }

        return new RegistryEntry
        {
            Prefix = prefix,
            Location = location,
            Insecure = r.Bool("insecure", false),
            Blocked = r.Bool("blocked", false),
            MirrorByDigestOnly = byDigestOnly,
            Mirrors = mirrors,
        };
    }

    private static string ParseLocation(TomlValues v, string input)
    {
        string location = input.Trim().TrimEnd('/');
        if (location.Contains("://", StringComparison.Ordinal))
        {
            throw v.Error($"invalid location '{input}': URI schemes are not supported");
        }

        if (location.Length == 0)
        {
            throw v.Error("invalid location: location is empty");
        }

        return location;
    }
}
