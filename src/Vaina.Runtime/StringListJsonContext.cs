using System.Text.Json.Serialization;

namespace Vaina.Runtime;

/// <summary>JSON for plain string arrays (--entrypoint '["a","b"]').</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StringListJsonContext : JsonSerializerContext
{
}
