using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vaina.Images.Manifests;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// Podman's `image inspect` object. <paramref name="forTemplate"/> keeps every struct field (Go templates
    /// fail on a missing struct field; Podman's JSON omits empty ones in Config and History).
    /// </summary>
    public JsonObject Inspect(ImageRecord image, bool forTemplate = false)
    {
        var config = GetConfig(image);
        var c = config.Config;
        var history = new JsonArray();
        foreach (var h in config.History ?? [])
        {
            var entry = new JsonObject();
            if (h.Created is { } created || forTemplate)
            {
                entry["created"] = h.Created is { } t ? GoTime(t) : "0001-01-01T00:00:00Z";
            }

            AddString(entry, "created_by", h.CreatedBy, forTemplate);
            AddString(entry, "author", h.Author, forTemplate);
            AddString(entry, "comment", h.Comment, forTemplate);
            if (h.EmptyLayer || forTemplate)
            {
                entry["empty_layer"] = h.EmptyLayer;
            }

            history.Add((JsonNode)entry);
        }

        var layers = new JsonArray();
        foreach (var diffId in config.RootFs.DiffIds)
        {
            layers.Add((JsonNode?)JsonValue.Create(diffId));
        }

        var result = new JsonObject
        {
            ["Id"] = image.Id,
            ["Digest"] = image.ManifestDigest,
            ["RepoTags"] = Strings(image.Names),
            ["RepoDigests"] = Strings(RepoDigests(image)),
            ["Parent"] = string.Empty,
            ["Comment"] = ExtraString(config.Extra, "comment") ?? string.Empty,
            ["Created"] = GoTime(config.Created ?? image.Created),
            ["Config"] = ConfigNode(c, forTemplate),
            ["Version"] = ExtraString(config.Extra, "docker_version") ?? string.Empty,
            ["Author"] = config.Author ?? string.Empty,
            ["Architecture"] = config.Architecture,
            ["Os"] = config.OS,
            ["Size"] = image.Size,
            ["VirtualSize"] = image.Size,
            ["GraphDriver"] = GraphDriver(image),
            ["RootFS"] = new JsonObject { ["Type"] = config.RootFs.Type.Length == 0 ? "layers" : config.RootFs.Type, ["Layers"] = layers },
            ["Labels"] = c?.Labels is { Count: > 0 } || forTemplate ? Map(c?.Labels) : null,
            ["Annotations"] = ManifestAnnotations(image),
            ["ManifestType"] = image.ManifestMediaType,
            ["User"] = c?.User ?? string.Empty,
            ["History"] = history,
            ["NamesHistory"] = Strings(image.Names),
        };
        if (config.Variant is { Length: > 0 } variant)
        {
            result.Insert(result.IndexOf("Os") + 1, "Variant", variant);
        }

        if (c?.Healthcheck is { } hc)
        {
            var node = new JsonObject();
            if (hc.Test is { } test)
            {
                node["Test"] = Strings(test);
            }

            if (hc.Interval != 0)
            {
                node["Interval"] = hc.Interval;
            }

            if (hc.Timeout != 0)
            {
                node["Timeout"] = hc.Timeout;
            }

            if (hc.StartPeriod != 0)
            {
                node["StartPeriod"] = hc.StartPeriod;
            }

            if (hc.Retries != 0)
            {
                node["Retries"] = hc.Retries;
            }

            result.Insert(result.IndexOf("History"), "Healthcheck", node);
        }

        return result;
    }

    /// <summary>
    /// libimage's RepoDigests: every repository of the image's names with every manifest digest the image is known by
    /// (a list: the digest it was created with and its current one), sorted; the repositories of its "repo@digest"
    /// references count too (an image pulled by digest, or one whose tag moved on).
    /// </summary>
    public static IReadOnlyList<string> RepoDigests(ImageRecord image)
    {
        var digests = new List<string>();
        var digestRepositories = new List<string>();
        void AddDigest(string digest)
        {
            if (digest.Length > 0 && !digests.Contains(digest))
            {
                digests.Add(digest);
            }
        }

        if (image.IsManifestList)
        {
            AddDigest(image.ManifestDigest);
            AddDigest(image.CurrentManifestDigest);
        }
        else
        {
            foreach (var d in image.Digests)
            {
                int at = d.IndexOf('@');
                if (at > 0)
                {
                    AddDigest(d[(at + 1)..]);
                    if (!digestRepositories.Contains(d[..at]))
                    {
                        digestRepositories.Add(d[..at]);
                    }
                }
            }

            AddDigest(image.ManifestDigest);
        }

        // One pass per repository: an image with many tags of one repository (1000 tags in the bench) must not
        // format and compare an entry per tag.
        var repositories = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in image.Names)
        {
            var repo = RepositoryOf(name);
            if (seen.Add(repo))
            {
                repositories.Add(repo);
            }
        }

        foreach (var repo in digestRepositories)
        {
            if (seen.Add(repo))
            {
                repositories.Add(repo);
            }
        }

        var result = new List<string>(repositories.Count * digests.Count);
        foreach (var repo in repositories)
        {
            foreach (var digest in digests)
            {
                result.Add($"{repo}@{digest}");
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>"host/path" of "host/path:tag" or "host/path@digest".</summary>
    public static string RepositoryOf(string name)
    {
        int at = name.IndexOf('@');
        if (at >= 0)
        {
            return name[..at];
        }

        int colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }

    /// <summary>The tag of "host/path:tag", or null.</summary>
    public static string? TagOf(string name)
    {
        if (name.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        int colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
    }

    internal static string GoTime(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    private JsonObject GraphDriver(ImageRecord image)
    {
        var layers = _engine.Store.Layers;
        var data = new JsonObject();
        if (image.LayerIds.Count > 0)
        {
            if (layers.Driver == "overlay")
            {
                var lowers = image.LayerIds.Take(image.LayerIds.Count - 1).Reverse().Select(layers.DiffPath).ToList();
                if (lowers.Count > 0)
                {
                    data["LowerDir"] = string.Join(':', lowers);
                }

                data["UpperDir"] = layers.DiffPath(image.TopLayerId);
                data["WorkDir"] = Path.Combine(layers.TreePath(image.TopLayerId), "work");
            }
            else
            {
                data["Path"] = layers.ContentPath(image.TopLayerId);
            }
        }

        return new JsonObject { ["Name"] = layers.Driver, ["Data"] = data };
    }

    private JsonObject ManifestAnnotations(ImageRecord image)
    {
        var result = new JsonObject();
        if (!image.ManifestMediaType.Contains("oci", StringComparison.Ordinal))
        {
            return result;
        }

        try
        {
            using var doc = JsonDocument.Parse(GetManifestBytes(image));
            if (doc.RootElement.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in annotations.EnumerateObject())
                {
                    result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // An unreadable manifest only loses annotations in the report.
        }

        return result;
    }

    private static JsonObject ConfigNode(ContainerConfig? c, bool forTemplate)
    {
        var node = new JsonObject();
        AddString(node, "User", c?.User, forTemplate);
        AddMap(node, "ExposedPorts", c?.ExposedPorts, forTemplate);
        AddList(node, "Env", c?.Env, forTemplate);
        AddList(node, "Entrypoint", c?.Entrypoint, forTemplate);
        AddList(node, "Cmd", c?.Cmd, forTemplate);
        AddMap(node, "Volumes", c?.Volumes, forTemplate);
        AddString(node, "WorkingDir", c?.WorkingDir, forTemplate);
        if (c?.Labels is { Count: > 0 } || forTemplate)
        {
            node["Labels"] = Map(c?.Labels);
        }

        AddString(node, "StopSignal", c?.StopSignal, forTemplate);
        return node;
    }

    private static void AddString(JsonObject node, string key, string? value, bool always)
    {
        if (!string.IsNullOrEmpty(value) || always)
        {
            node[key] = value ?? string.Empty;
        }
    }

    private static void AddList(JsonObject node, string key, List<string>? value, bool always)
    {
        if (value is { Count: > 0 } || always)
        {
            node[key] = Strings(value ?? []);
        }
    }

    private static void AddMap(JsonObject node, string key, Dictionary<string, JsonElement>? value, bool always)
    {
        if (value is { Count: > 0 } || always)
        {
            var map = new JsonObject();
            foreach (var (k, _) in value ?? [])
            {
                map[k] = new JsonObject();
            }

            node[key] = map;
        }
    }

    internal static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add((JsonNode?)JsonValue.Create(v));
        }

        return array;
    }

    internal static JsonObject Map(Dictionary<string, string>? values)
    {
        var map = new JsonObject();
        foreach (var (k, v) in values ?? [])
        {
            map[k] = v;
        }

        return map;
    }

    private static string? ExtraString(Dictionary<string, JsonElement>? extra, string key)
        => extra is not null && extra.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
