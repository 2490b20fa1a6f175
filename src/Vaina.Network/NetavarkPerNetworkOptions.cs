using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>What one container asks of one network: interface name, addresses (allocated by vaina), MAC, aliases.</summary>
public sealed class NetavarkPerNetworkOptions
{
    [JsonPropertyName("aliases")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Aliases { get; set; }

    [JsonPropertyName("interface_name")]
    public string InterfaceName { get; set; } = "eth0";

    [JsonPropertyName("static_ips")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? StaticIps { get; set; }

    [JsonPropertyName("static_mac")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StaticMac { get; set; }
}
