using System.Text;
using System.Text.Json;
using Vaina.Images.Manifests;

namespace Vaina.Engine.Images;

/// <summary>
/// A local manifest list's stored bytes, written as Podman 4.3 (containers/common's manifests.list) writes them, so
/// that digests and sizes match byte for byte: Go's encoding/json field order and escaping, the OCI index form when
/// it has entries (unless an entry needs the Docker form), the Docker form when empty ("manifests":null for a new
/// list, [] once entries were removed); and instances.json, the map of instance digest to the reference it came
/// from, with Go's sorted keys.
/// </summary>
public static class ManifestListDocument
{
    /// <summary>The media type Podman stores the list as.</summary>
    public static string StoredMediaType(ImageIndex index)
        => index.Manifests.Count > 0 ? MediaTypes.OciIndex : MediaTypes.DockerManifestList;

    public static byte[] Serialize(ImageIndex index, bool emptyAsNull)
    {
        var sb = new StringBuilder();
        if (StoredMediaType(index) == MediaTypes.OciIndex)
        {
            sb.Append("{\"schemaVersion\":2,\"mediaType\":\"").Append(MediaTypes.OciIndex).Append("\",\"manifests\":[");
            for (int i = 0; i < index.Manifests.Count; i++)
            {
                var m = index.Manifests[i];
                sb.Append(i == 0 ? "{" : ",{");
                Property(sb, "mediaType", m.MediaType, first: true);
                Property(sb, "digest", m.Digest);
                sb.Append(",\"size\":").Append(m.Size);
                Urls(sb, m.Urls);
                if (m.Annotations is { Count: > 0 } annotations)
                {
                    sb.Append(",\"annotations\":");
                    Map(sb, annotations);
                }

                PlatformJson(sb, m.Platform);
                sb.Append('}');
            }

            sb.Append(']');
            if (index.Annotations is { Count: > 0 } indexAnnotations)
            {
                sb.Append(",\"annotations\":");
                Map(sb, indexAnnotations);
            }

            sb.Append('}');
        }
        else
        {
            sb.Append("{\"schemaVersion\":2,\"mediaType\":\"").Append(MediaTypes.DockerManifestList).Append("\",\"manifests\":");
            if (index.Manifests.Count == 0)
            {
                sb.Append(emptyAsNull ? "null" : "[]");
            }
            else
            {
                sb.Append('[');
                for (int i = 0; i < index.Manifests.Count; i++)
                {
                    var m = index.Manifests[i];
                    sb.Append(i == 0 ? "{" : ",{");
                    Property(sb, "mediaType", m.MediaType, first: true);
                    sb.Append(",\"size\":").Append(m.Size);
                    Property(sb, "digest", m.Digest);
                    Urls(sb, m.Urls);
                    PlatformJson(sb, m.Platform);
                    sb.Append('}');
                }

                sb.Append(']');
            }

            sb.Append('}');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>instances.json: {"": LIST-ID (once the list was saved again), "sha256:...": "docker://REF", ...}, keys in Go's order.</summary>
    public static byte[] SerializeInstances(IReadOnlyDictionary<string, string> instances)
    {
        var sb = new StringBuilder();
        Map(sb, instances);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static Dictionary<string, string> ParseInstances(byte[]? raw)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (raw is null || raw.Length == 0)
        {
            return result;
        }

        using var document = JsonDocument.Parse(raw);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    result[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return result;
    }

    private static void PlatformJson(StringBuilder sb, Platform? platform)
    {
        platform ??= new Platform();
        sb.Append(",\"platform\":{");
        Property(sb, "architecture", platform.Architecture, first: true);
        Property(sb, "os", platform.OS);
        if (!string.IsNullOrEmpty(platform.OSVersion))
        {
            Property(sb, "os.version", platform.OSVersion);
        }

        if (platform.OSFeatures is { Count: > 0 } features)
        {
            sb.Append(",\"os.features\":");
            Strings(sb, features);
        }

        if (!string.IsNullOrEmpty(platform.Variant))
        {
            Property(sb, "variant", platform.Variant);
        }

        sb.Append('}');
    }

    private static void Urls(StringBuilder sb, List<string>? urls)
    {
        if (urls is { Count: > 0 })
        {
            sb.Append(",\"urls\":");
            Strings(sb, urls);
        }
    }

    private static void Property(StringBuilder sb, string name, string value, bool first = false)
    {
        if (!first)
        {
            sb.Append(',');
        }

        GoString(sb, name);
        sb.Append(':');
        GoString(sb, value);
    }

    private static void Strings(StringBuilder sb, IEnumerable<string> values)
    {
        sb.Append('[');
        bool first = true;
        foreach (var v in values)
        {
            if (!first)
            {
                sb.Append(',');
            }

            GoString(sb, v);
            first = false;
        }

        sb.Append(']');
    }

    private static void Map(StringBuilder sb, IEnumerable<KeyValuePair<string, string>> map)
    {
        sb.Append('{');
        bool first = true;
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }

            GoString(sb, key);
            sb.Append(':');
            GoString(sb, value);
            first = false;
        }

        sb.Append('}');
    }

    /// <summary>A string as Go's encoding/json writes it (HTML-safe: &lt; &gt; &amp; and U+2028/2029 escaped).</summary>
    internal static void GoString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", global::System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        sb.Append('"');
    }
}
