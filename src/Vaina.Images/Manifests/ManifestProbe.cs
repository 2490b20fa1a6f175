using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>Just enough of any manifest to tell which kind it is.</summary>
internal sealed class ManifestProbe
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; set; }

    [JsonPropertyName("manifests")]
    public JsonElement? Manifests { get; set; }

    [JsonPropertyName("layers")]
    public JsonElement? Layers { get; set; }

    [JsonPropertyName("config")]
    public JsonElement? Config { get; set; }

    [JsonPropertyName("fsLayers")]
    public JsonElement? FsLayers { get; set; }
}
