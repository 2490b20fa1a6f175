using System.Text.Json.Serialization;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime;

/// <summary>
/// Serialization-only JSON for writing config.json (the same options as <see cref="RuntimeJsonContext"/>). The
/// generated writer code runs directly, so no property metadata is built for the ~40 types of the spec at run
/// time (with metadata, configuring them cost about 1 ms of every `run`: reflection over NativeAOT's metadata).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(RuntimeSpec))]
internal sealed partial class SpecWriteJsonContext : JsonSerializerContext
{
}
