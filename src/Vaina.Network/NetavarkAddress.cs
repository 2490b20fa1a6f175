using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>An address of an interface: "ipnet" is the container address with the subnet's prefix.</summary>
public sealed class NetavarkAddress
{
    [JsonPropertyName("ipnet")]
    public string IpNet { get; set; } = "";

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }
}
