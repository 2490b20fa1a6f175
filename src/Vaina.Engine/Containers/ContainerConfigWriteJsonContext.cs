using System.Text.Json.Serialization;

namespace Vaina.Engine.Containers;

/// <summary>
/// Serialization-only JSON for storing <see cref="ContainerConfig"/> (the options of <see cref="ContainerJsonContext"/>):
/// the generated writer runs directly, so no property metadata is built for the config's types at run time.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ContainerConfig))]
internal sealed partial class ContainerConfigWriteJsonContext : JsonSerializerContext
{
}
