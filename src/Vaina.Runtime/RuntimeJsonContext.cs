using System.Text.Json.Serialization;
using Vaina.Runtime.Commands;
using Vaina.Runtime.Conmon;
using Vaina.Runtime.Seccomp;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime;

/// <summary>Source-generated JSON for the OCI spec, conmon's sync messages, runtime state and seccomp profiles.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(SpecProcess))]
[JsonSerializable(typeof(ConmonSyncMessage))]
[JsonSerializable(typeof(RuntimeState))]
[JsonSerializable(typeof(List<RuntimeState>))]
[JsonSerializable(typeof(SeccompProfileDocument))]
[JsonSerializable(typeof(RuntimeLogEntry))]
[JsonSerializable(typeof(SpecResources))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext
{
}
