using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>Source-generated JSON for network files (Podman's 5-space indent) and netavark's input and output.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 5)]
[JsonSerializable(typeof(NetworkDefinition))]
[JsonSerializable(typeof(List<NetworkDefinition>))]
[JsonSerializable(typeof(NetavarkNetworkOptions))]
[JsonSerializable(typeof(Dictionary<string, NetavarkStatusBlock>))]
[JsonSerializable(typeof(List<NetavarkPortMapping>))]
public sealed partial class NetworkJsonContext : JsonSerializerContext
{
}
