using System.Text.Json.Serialization;

namespace Vaina.Engine.Pods;

/// <summary>Source-generated JSON for the pods' stored configuration.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PodConfig))]
public sealed partial class PodJsonContext : JsonSerializerContext
{
}
