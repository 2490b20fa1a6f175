using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>
/// A network as Podman stores it in <c>NAME.json</c> under the network config directory and prints it in
/// `network inspect` (netavark backend). The same object goes to netavark as <c>network_info</c>.
/// </summary>
public sealed class NetworkDefinition
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("driver")]
    public string Driver { get; set; } = "bridge";

    [JsonPropertyName("network_interface")]
    public string? NetworkInterface { get; set; }

    [JsonPropertyName("created")]
    public string Created { get; set; } = "";

    [JsonPropertyName("subnets")]
    public List<NetworkSubnet>? Subnets { get; set; }

    [JsonPropertyName("ipv6_enabled")]
    public bool Ipv6Enabled { get; set; }

    [JsonPropertyName("internal")]
    public bool Internal { get; set; }

    [JsonPropertyName("dns_enabled")]
    public bool DnsEnabled { get; set; }

    [JsonPropertyName("network_dns_servers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? NetworkDnsServers { get; set; }

    [JsonPropertyName("labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("options")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Options { get; set; }

    [JsonPropertyName("ipam_options")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? IpamOptions { get; set; }

    /// <summary>host-local (vaina allocates), dhcp, or none.</summary>
    [JsonIgnore]
    public string IpamDriver => IpamOptions is not null && IpamOptions.TryGetValue("driver", out var d) && d.Length > 0 ? d : "host-local";
}
