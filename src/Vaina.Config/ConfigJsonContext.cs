using System.Text.Json.Serialization;

namespace Vaina.Config;

/// <summary>Source-generated System.Text.Json metadata for the JSON files this assembly reads.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow, WriteIndented = true)]
[JsonSerializable(typeof(PolicyFileModel))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext
{
}
