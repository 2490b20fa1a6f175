using System.Text.Json.Serialization;

namespace Vaina.Images.Archives;

/// <summary>One entry of a docker-archive's <c>manifest.json</c>.</summary>
public sealed class DockerArchiveManifestEntry
{
    [JsonPropertyName("Config")]
    public string Config { get; set; } = string.Empty;

    [JsonPropertyName("RepoTags")]
    public List<string>? RepoTags { get; set; }

    [JsonPropertyName("Layers")]
    public List<string> Layers { get; set; } = [];
}
