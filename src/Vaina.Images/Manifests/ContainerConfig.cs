using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>The <c>config</c> object of an image config: what a container runs by default.</summary>
public sealed class ContainerConfig
{
    [JsonPropertyName("User")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; set; }

    [JsonPropertyName("ExposedPorts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, JsonElement>? ExposedPorts { get; set; }

    [JsonPropertyName("Env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Env { get; set; }

    [JsonPropertyName("Entrypoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Entrypoint { get; set; }

    [JsonPropertyName("Cmd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Cmd { get; set; }

    [JsonPropertyName("Volumes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, JsonElement>? Volumes { get; set; }

    [JsonPropertyName("WorkingDir")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WorkingDir { get; set; }

    [JsonPropertyName("Labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("StopSignal")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopSignal { get; set; }

    /// <summary>Docker's extension, kept by Podman in docker-format images.</summary>
    [JsonPropertyName("Healthcheck")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthcheckConfig? Healthcheck { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
