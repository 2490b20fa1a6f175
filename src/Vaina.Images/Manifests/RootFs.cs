using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>The image config's <c>rootfs</c>: the uncompressed digests of the layers, bottom first.</summary>
public sealed class RootFs
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "layers";

    [JsonPropertyName("diff_ids")]
    public List<string> DiffIds { get; set; } = [];
}
