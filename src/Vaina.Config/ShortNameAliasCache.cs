using System.Globalization;
using System.Text;

namespace Vaina.Config;

/// <summary>
/// The short-name alias cache: an <c>[aliases]</c> TOML file recording which fully-qualified name a short
/// name resolved to. vaina writes its own (/var/cache/vaina/short-name-aliases.conf, rootless
/// $XDG_CACHE_HOME/vaina/short-name-aliases.conf) and also reads Podman's, which it never writes.
/// </summary>
public sealed class ShortNameAliasCache
{
    private readonly HostEnvironment _env;

    public ShortNameAliasCache(HostEnvironment env, HostIdentity identity)
    {
        _env = env;
        VainaPath = VainaCachePath(identity);
        PodmanPath = PodmanCachePath(identity);
    }

    /// <summary>The file vaina writes (host path).</summary>
    public string VainaPath { get; }

    /// <summary>Podman's cache (host path), read only.</summary>
    public string PodmanPath { get; }

    public static string VainaCachePath(HostIdentity identity)
        => identity.IsRootless
            ? Path.Combine(identity.CacheHome, "vaina", "short-name-aliases.conf")
            : "/var/cache/vaina/short-name-aliases.conf";

    public static string PodmanCachePath(HostIdentity identity)
        => identity.IsRootless
            ? Path.Combine(identity.CacheHome, "containers", "short-name-aliases.conf")
            : "/var/cache/containers/short-name-aliases.conf";

    /// <summary>
    /// The cached value for <paramref name="shortName"/> (vaina's cache first, then Podman's) and its file.
    /// An empty value means the alias was explicitly reset.
    /// </summary>
    public (string Value, string Origin)? Find(string shortName)
    {
        foreach (string path in new[] { VainaPath, PodmanPath })
        {
            if (Read(_env, path).TryGetValue(shortName, out string? value))
            {
                return (value, path);
            }
        }

        return null;
    }

    /// <summary>Records an alias in vaina's cache (locked read-modify-write, atomic replace, mode 0600).</summary>
    public void Add(string shortName, string value)
    {
        Validate(shortName, value, msg => new VainaException(msg));
        Edit(aliases => aliases[shortName] = value);
    }

    /// <summary>Removes an alias from vaina's cache; an error when it is not there (as containers/image).</summary>
    public void Remove(string shortName)
    {
        Validate(shortName, "", msg => new VainaException(msg));
        Edit(aliases =>
        {
            if (!aliases.Remove(shortName))
            {
                throw new VainaException($"short-name alias \"{shortName}\" not found in \"{VainaPath}\": please check registries.conf files");
            }
        });
    }

    private void Edit(Action<SortedDictionary<string, string>> change)
    {
        string onDisk = _env.OnDisk(VainaPath);
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        AtomicFile.WithLock(onDisk, () =>
        {
            var aliases = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in Read(_env, VainaPath))
            {
                aliases[name] = value;
            }

            change(aliases);
            AtomicFile.WriteAllText(onDisk, Format(aliases), owner, owner | UnixFileMode.UserExecute);
            return 0;
        });
    }

    /// <summary>The [aliases] of a cache file; empty when it does not exist.</summary>
    public static IReadOnlyDictionary<string, string> Read(HostEnvironment env, string path)
    {
        const string prefix = "loading short-name aliases config file";
        var table = TomlFile.ReadIfExists(env, path, prefix);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table is not null)
        {
            var values = new TomlValues(table, path, "", prefix);
            values.StringMap("aliases", aliases);
            foreach (var (name, value) in aliases)
            {
                Validate(name, value, values.Error);
            }
        }

        return aliases;
    }

    /// <summary>The file text for <paramref name="aliases"/>.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> aliases)
    {
        var text = new StringBuilder("[aliases]\n");
        foreach (var (name, value) in aliases)
        {
            text.Append("  ").Append(Quote(name)).Append(" = ").Append(Quote(value)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// containers/image's alias rules: the name is a short name (no registry, tag or digest); the value is
    /// empty (resets an alias set by an earlier file) or names a registry and repository without tag or digest.
    /// </summary>
    internal static void Validate(string name, string value, Func<string, Exception> error)
    {
        if (name.Contains('@'))
        {
            throw error($"invalid short name \"{name}\": must not contain digest");
        }

        if (LastComponent(name).Contains(':') && !HasRegistry(name))
        {
            throw error($"invalid short name \"{name}\": must not contain tag");
        }

        if (name.Length == 0 || HasRegistry(name))
        {
            throw error($"invalid short name \"{name}\": must not contain registry");
        }

        if (value.Length == 0)
        {
            return;
        }

        if (value.Contains('@'))
        {
            throw error($"invalid alias \"{value}\": must not contain digest");
        }

        if (LastComponent(value).Contains(':'))
        {
            throw error($"invalid alias \"{value}\": must not contain tag");
        }

        if (!HasRegistry(value))
        {
            throw error($"invalid alias \"{value}\": must contain registry and repository");
        }
    }

    private static string LastComponent(string name) => name[(name.LastIndexOf('/') + 1)..];

    // A first path component with '.' or ':' or equal to "localhost" is a registry (docker reference rules).
    private static bool HasRegistry(string name)
    {
        int slash = name.IndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        string first = name[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost";
    }

    private static string Quote(string s)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case < ' ' or '\u007f':
                    quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    quoted.Append(c);
                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
