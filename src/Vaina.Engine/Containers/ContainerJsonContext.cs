using System.Text.Json.Serialization;

namespace Vaina.Engine.Containers;

/// <summary>Source-generated JSON for the container records' stored parts.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerConfig))]
public sealed partial class ContainerJsonContext : JsonSerializerContext
{
}
