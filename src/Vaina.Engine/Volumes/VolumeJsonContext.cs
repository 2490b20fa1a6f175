using System.Text.Json.Serialization;

namespace Vaina.Engine.Volumes;

/// <summary>Source-generated JSON for the maps and lists the volumes tables store as TEXT.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class VolumeJsonContext : JsonSerializerContext
{
}
