using System.Text.Json.Serialization;

namespace Vaina.Engine.Networks;

/// <summary>Source-generated JSON for the network rows of the state DB.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ContainerNetworkState))]
[JsonSerializable(typeof(List<ContainerNetworkAttachment>))]
internal sealed partial class NetworkStateJsonContext : JsonSerializerContext
{
}
