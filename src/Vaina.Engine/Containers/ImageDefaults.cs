using System.Text.Json;

namespace Vaina.Engine.Containers;

/// <summary>
/// The part of an image's config that describes its process (user, env, entrypoint, cmd, working dir, labels, stop
/// signal), read with <see cref="JsonDocument"/>: `inspect`, `ps` and `stop` need only these, and deserialising the
/// whole config first builds System.Text.Json metadata for a dozen types (about 5 % of an `inspect`).
/// </summary>
public sealed class ImageDefaults
{
    public string? User { get; private init; }

    public List<string>? Env { get; private init; }

    public List<string>? Entrypoint { get; private init; }

    public List<string>? Cmd { get; private init; }

    public string? WorkingDir { get; private init; }

    public Dictionary<string, string>? Labels { get; private init; }

    public string? StopSignal { get; private init; }

    /// <summary>
    /// The process defaults of an image config document (its "config" object), or null when the document is not
    /// valid JSON or one of these fields has the wrong type (where the typed parse fails too).
    /// </summary>
    public static ImageDefaults? Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!document.RootElement.TryGetProperty("config", out var config) || config.ValueKind == JsonValueKind.Null)
            {
                return new ImageDefaults();
            }

            return new ImageDefaults
            {
                User = String(config, "User"),
                Env = Strings(config, "Env"),
                Entrypoint = Strings(config, "Entrypoint"),
                Cmd = Strings(config, "Cmd"),
                WorkingDir = String(config, "WorkingDir"),
                Labels = Map(config, "Labels"),
                StopSignal = String(config, "StopSignal"),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string? String(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetString() : null;

    private static List<string>? Strings(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? [.. v.EnumerateArray().Select(e => e.GetString()!)] : null;

    private static Dictionary<string, string>? Map(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            map[p.Name] = p.Value.GetString()!;
        }

        return map;
    }
}
