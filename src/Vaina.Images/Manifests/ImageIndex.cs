using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>An OCI image index or a Docker manifest list.</summary>
public sealed class ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 2;

    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; set; }

    [JsonPropertyName("manifests")]
    public List<Descriptor> Manifests { get; set; } = [];

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
