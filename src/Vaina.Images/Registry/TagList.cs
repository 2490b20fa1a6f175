using System.Text.Json.Serialization;

namespace Vaina.Images.Registry;

/// <summary><c>GET /v2/NAME/tags/list</c>.</summary>
public sealed class TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }
}
