using System.Collections;

namespace Vaina.Runtime;

/// <summary>Builds the container's environment in Podman's order: defaults, containers.conf, image, host, files, -e, then unsets.</summary>
public static class ContainerEnvironment
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static List<string> Build(
        EnvironmentOptions options,
        IReadOnlyList<string> imageEnv,
        bool terminal,
        string? hostname,
        string home,
        IReadOnlyDictionary<string, string>? hostEnvironment = null)
    {
        IReadOnlyDictionary<string, string> host = hostEnvironment ?? ReadHostEnvironment();
        var env = new OrderedEnvironment();
        if (!options.UnsetAll)
        {
            env.Set("PATH", DefaultPath);
            if (terminal)
            {
                env.Set("TERM", "xterm");
            }

            env.Set("container", "podman");
            foreach (string e in options.ConfigEnv)
            {
                AddEntry(env, e, host);
            }

            foreach (string e in imageEnv)
            {
                env.SetPair(e);
            }

            foreach (string e in options.ProxyEnv)
            {
                env.SetPair(e);
            }

            foreach (string merge in options.Merge)
            {
                // Podman (specgen): only a variable the defaults have changes; the value ends at the next '='.
                var defaults = env.ToDictionary();
                var processed = options.MergeExpander is null ? merge : options.MergeExpander(merge, defaults);
                var parts = processed.Split('=');
                if (parts.Length < 2)
                {
                    throw new VainaException($"--env-merge {merge}: must be NAME=VALUE");
                }

                if (defaults.ContainsKey(parts[0]))
                {
                    env.Set(parts[0], parts[1]);
                }
            }
        }

        if (options.EnvHost)
        {
            foreach (KeyValuePair<string, string> pair in host)
            {
                env.Set(pair.Key, pair.Value);
            }
        }

        foreach (string file in options.EnvFiles)
        {
            foreach (string e in ParseEnvFile(file))
            {
                AddEntry(env, e, host);
            }
        }

        foreach (string e in options.Env)
        {
            AddEntry(env, e, host);
        }

        foreach (string key in options.Unset)
        {
            env.Remove(key);
        }

        // libpod adds these last, only when nobody set them, and --unsetenv can still remove them.
        if (!options.UnsetAll)
        {
            if (!env.Contains("HOME") && !options.Unset.Contains("HOME"))
            {
                env.Set("HOME", home);
            }

            if (options.ContainerUuid is { } uuid)
            {
                env.Set("container_uuid", uuid);
            }

            if (hostname is not null && !env.Contains("HOSTNAME") && !options.Unset.Contains("HOSTNAME"))
            {
                env.Set("HOSTNAME", hostname);
            }
        }

        foreach (string e in options.SecretEnv)
        {
            env.SetPair(e);
        }

        return env.ToList();
    }

    /// <summary>Reads an --env-file: KEY=VALUE or KEY lines, # comments and blank lines ignored.</summary>
    public static List<string> ParseEnvFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            throw new VainaException($"open {path}: no such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw new VainaException($"open {path}: no such file or directory");
        }

        var result = new List<string>();
        foreach (string raw in lines)
        {
            string line = raw.TrimStart();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? line : line[..eq];
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                throw new VainaException($"name \"{key}\" has white spaces, poorly formatted name");
            }

            result.Add(line);
        }

        return result;
    }

    private static void AddEntry(OrderedEnvironment env, string entry, IReadOnlyDictionary<string, string> host)
    {
        int eq = entry.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0)
        {
            env.SetPair(entry);
            return;
        }

        if (entry.EndsWith('*'))
        {
            string prefix = entry[..^1];
            foreach (KeyValuePair<string, string> pair in host.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                env.Set(pair.Key, pair.Value);
            }

            return;
        }

        if (host.TryGetValue(entry, out string? value))
        {
            env.Set(entry, value);
        }
    }

    private static Dictionary<string, string> ReadHostEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            result[(string)e.Key] = (string?)e.Value ?? "";
        }

        return result;
    }

    private sealed class OrderedEnvironment
    {
        private readonly List<string> _keys = [];
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public bool Contains(string key) => _values.ContainsKey(key);

        public void Set(string key, string value)
        {
            if (!_values.ContainsKey(key))
            {
                _keys.Add(key);
            }

            _values[key] = value;
        }

        public void SetPair(string pair)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                Set(pair[..eq], pair[(eq + 1)..]);
            }
        }

        public void Remove(string key)
        {
            if (_values.Remove(key))
            {
                _keys.Remove(key);
            }
        }

        public Dictionary<string, string> ToDictionary() => new(_values, StringComparer.Ordinal);

        public List<string> ToList() => _keys.Select(k => $"{k}={_values[k]}").ToList();
    }
}
