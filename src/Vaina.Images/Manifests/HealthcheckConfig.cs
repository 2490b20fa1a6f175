using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>Docker's HEALTHCHECK in an image config; durations are nanoseconds.</summary>
public sealed class HealthcheckConfig
{
    [JsonPropertyName("Test")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Test { get; set; }

    [JsonPropertyName("Interval")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Interval { get; set; }

    [JsonPropertyName("Timeout")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Timeout { get; set; }

    [JsonPropertyName("StartPeriod")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StartPeriod { get; set; }

    [JsonPropertyName("StartInterval")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StartInterval { get; set; }

    [JsonPropertyName("Retries")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Retries { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
