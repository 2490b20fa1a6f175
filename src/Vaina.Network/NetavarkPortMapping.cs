using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>One published port range in netavark's port_mappings (and Podman's PortMappings).</summary>
public sealed class NetavarkPortMapping
{
    [JsonPropertyName("host_ip")]
    public string HostIp { get; set; } = "";

    [JsonPropertyName("container_port")]
    public ushort ContainerPort { get; set; }

    [JsonPropertyName("host_port")]
    public ushort HostPort { get; set; }

    [JsonPropertyName("range")]
    public ushort Range { get; set; } = 1;

    [JsonPropertyName("protocol")]
    public string Protocol { get; set; } = "tcp";
}
