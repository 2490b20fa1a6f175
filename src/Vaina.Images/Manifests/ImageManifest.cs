using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>An OCI image manifest or a Docker schema2 manifest (they share this shape).</summary>
public sealed class ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 2;

    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; set; }

    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; set; }

    [JsonPropertyName("config")]
    public Descriptor Config { get; set; } = new();

    [JsonPropertyName("layers")]
    public List<Descriptor> Layers { get; set; } = [];

    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Subject { get; set; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
