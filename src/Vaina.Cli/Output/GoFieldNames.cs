using System.Text.Json.Nodes;

namespace Vaina.Cli.Output;

/// <summary>
/// Podman's `--format` templates see Go field names (`{{.Host.Kernel}}`), while its JSON uses the json tags
/// (`host.kernel`). For reports whose JSON keys are camelCase tags, this builds the Go-named view for templates.
/// </summary>
public static class GoFieldNames
{
    /// <summary>Copies <paramref name="node"/> with struct keys renamed to Go names; objects under <paramref name="mapKeys"/> are maps and keep their keys.</summary>
    public static JsonNode? ToGoView(JsonNode? node, IReadOnlyDictionary<string, string> renames, IReadOnlySet<string> mapKeys)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var goName = renames.TryGetValue(key, out var renamed) ? renamed : Capitalize(key);
                    copy[goName] = mapKeys.Contains(key) ? value?.DeepClone() : ToGoView(value, renames, mapKeys);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => ToGoView(item, renames, mapKeys))]);
            default:
                return node?.DeepClone();
        }
    }

    private static string Capitalize(string key) => key.Length == 0 ? key : char.ToUpperInvariant(key[0]) + key[1..];
}
