using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>An interface netavark created in the container: its MAC and addresses with gateways.</summary>
public sealed class NetavarkInterface
{
    [JsonPropertyName("mac_address")]
    public string MacAddress { get; set; } = "";

    [JsonPropertyName("subnets")]
    public List<NetavarkAddress>? Subnets { get; set; }
}
