using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>An index entry's platform (image-spec).</summary>
public sealed class Platform
{
    [JsonPropertyName("architecture")]
    public string Architecture { get; set; } = string.Empty;

    [JsonPropertyName("os")]
    public string OS { get; set; } = string.Empty;

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OSVersion { get; set; }

    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? OSFeatures { get; set; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; set; }

    public override string ToString() => string.IsNullOrEmpty(Variant) ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";
}
