using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Images.Registry;

/// <summary>One entry of a registry error body.</summary>
public sealed class RegistryErrorEntry
{
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("detail")]
    public JsonElement? Detail { get; set; }
}
