namespace Vaina.Config;

/// <summary>
/// containers-registries.d(5): where simple-signing signatures of a docker repository live ("lookaside", formerly
/// "sigstore") and where new ones are written ("lookaside-staging"). Read from $HOME/.config/containers/registries.d
/// when that exists, else /etc/containers/registries.d, every *.yaml file in name order; the most specific "docker"
/// namespace entry wins over "default-docker". Only the block mappings of scalars these files use are parsed.
/// </summary>
public sealed class RegistriesDirectory
{
    public const string SystemPath = "/etc/containers/registries.d";

    private readonly Dictionary<string, Dictionary<string, string>> _docker = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _definedIn = new(StringComparer.Ordinal);
    private string? _defaultDefinedIn;
    private Dictionary<string, string>? _default;

    public static RegistriesDirectory Load(HostEnvironment environment)
    {
        var home = environment.Get("HOME");
        var user = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".config", "containers", "registries.d");
        var dir = user is not null && Directory.Exists(user) ? user : SystemPath;
        var result = new RegistriesDirectory();
        if (!Directory.Exists(dir))
        {
            return result;
        }

        foreach (var file in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            result.Add(File.ReadAllText(file), file);
        }

        return result;
    }

    public static RegistriesDirectory Parse(string yaml)
    {
        var result = new RegistriesDirectory();
        result.Add(yaml, "registries.d");
        return result;
    }

    /// <summary>The lookaside URL signatures of <paramref name="reference"/> (host[:port]/path[:tag]) are read from, or null.</summary>
    public string? LookasideFor(string reference) => SettingFor(reference, "lookaside", "sigstore");

    /// <summary>Where new signatures are written: lookaside-staging, else the lookaside itself.</summary>
    public string? StagingFor(string reference) => SettingFor(reference, "lookaside-staging", "sigstore-staging", "lookaside", "sigstore");

    private string? SettingFor(string reference, params string[] keys)
    {
        // The full reference (with its tag or digest) first, then the repository and its parent namespaces; an
        // entry without the setting falls through to less specific ones, then to default-docker.
        var candidates = new List<string> { reference };
        var name = reference;
        int at = name.IndexOf('@');
        if (at > 0)
        {
            name = name[..at];
        }
        else if (name.LastIndexOf(':') is var colon && colon > name.LastIndexOf('/'))
        {
            name = name[..colon];
        }

        while (true)
        {
            if (name != reference)
            {
                candidates.Add(name);
            }

            int slash = name.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }

            name = name[..slash];
        }

        foreach (var candidate in candidates)
        {
            if (_docker.TryGetValue(candidate, out var entry) && Value(entry, keys) is { } value)
            {
                return value;
            }
        }

        return _default is null ? null : Value(_default, keys);
    }

    /// <summary>The first non-empty of the keys (containers/image: staging, then the lookaside, then their legacy "sigstore" names).</summary>
    private static string? Value(Dictionary<string, string> entry, string[] keys)
        => keys.Select(k => entry.TryGetValue(k, out var v) ? v : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private void Add(string yaml, string file)
    {
        // Three levels: "default-docker:" / "docker:" -> (namespace ->) key: value.
        string? section = null;
        string? ns = null;
        int sectionIndent = -1;
        int nsIndent = -1;
        foreach (var rawLine in yaml.Split('\n'))
        {
            var line = StripComment(rawLine).TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            int indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            int colon = FindColon(text);
            if (colon < 0)
            {
                throw new VainaException($"parsing {file}: unexpected line {text}");
            }

            var key = Unquote(text[..colon].Trim());
            var value = Unquote(text[(colon + 1)..].Trim());
            if (indent == 0)
            {
                section = key;
                ns = null;
                sectionIndent = -1;
                nsIndent = -1;
                if (section == "default-docker")
                {
                    if (_defaultDefinedIn is not null)
                    {
                        throw new VainaException($"Error parsing signature storage configuration: \"default-docker\" defined both in \"{_defaultDefinedIn}\" and \"{file}\"");
                    }

                    _defaultDefinedIn = file;
                    _default = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                continue;
            }

            if (section == "default-docker")
            {
                _default![key] = value;
            }
            else if (section == "docker")
            {
                if (sectionIndent < 0 || indent <= sectionIndent)
                {
                    sectionIndent = indent;
                    ns = key;
                    nsIndent = -1;
                    if (_definedIn.TryGetValue(ns, out var previous))
                    {
                        throw new VainaException($"Error parsing signature storage configuration: \"docker\" namespace \"{ns}\" defined both in \"{previous}\" and \"{file}\"");
                    }

                    _definedIn[ns] = file;
                    _docker[ns] = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                else if (ns is not null && (nsIndent < 0 || indent == nsIndent))
                {
                    nsIndent = indent;
                    _docker[ns][key] = value;
                }
            }
        }
    }

    // A key's colon is followed by a space or ends the line; a comment's '#' starts the line or follows blank space.
    private static int FindColon(string text)
        => IndexOutsideQuotes(text, (t, i) => t[i] == ':' && (i == t.Length - 1 || t[i + 1] == ' '));

    private static string StripComment(string line)
        => IndexOutsideQuotes(line, (l, i) => l[i] == '#' && (i == 0 || l[i - 1] is ' ' or '\t')) is var hash and >= 0 ? line[..hash] : line;

    /// <summary>The first index of <paramref name="text"/> outside single or double quotes where <paramref name="matches"/> holds, or -1.</summary>
    private static int IndexOutsideQuotes(string text, Func<string, int, bool> matches)
    {
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (matches(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unquote(string s)
        => s.Length >= 2 && ((s[0] == '"' && s[^1] == '"') || (s[0] == '\'' && s[^1] == '\'')) ? s[1..^1] : s;
}
