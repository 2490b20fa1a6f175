using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>The JSON netavark reads on stdin for `setup` and `teardown` (netavark 1.x NetworkOptions).</summary>
public sealed class NetavarkNetworkOptions
{
    [JsonPropertyName("container_id")]
    public string ContainerId { get; set; } = "";

    [JsonPropertyName("container_name")]
    public string ContainerName { get; set; } = "";

    [JsonPropertyName("port_mappings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<NetavarkPortMapping>? PortMappings { get; set; }

    [JsonPropertyName("networks")]
    public Dictionary<string, NetavarkPerNetworkOptions> Networks { get; set; } = [];

    [JsonPropertyName("network_info")]
    public Dictionary<string, NetworkDefinition> NetworkInfo { get; set; } = [];

    [JsonPropertyName("dns_servers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? DnsServers { get; set; }
}
