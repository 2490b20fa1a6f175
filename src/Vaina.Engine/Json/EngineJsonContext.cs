using System.Text.Json.Serialization;
using Vaina.Engine.System;

namespace Vaina.Engine.Json;

/// <summary>Source-generated JSON for the engine's reports (what `--format json` and the API print).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 4)]
[JsonSerializable(typeof(VersionReport))]
public sealed partial class EngineJsonContext : JsonSerializerContext
{
}
