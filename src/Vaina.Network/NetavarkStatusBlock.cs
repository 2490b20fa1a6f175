using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>netavark's answer for one network: the interfaces it created and the DNS servers to use.</summary>
public sealed class NetavarkStatusBlock
{
    [JsonPropertyName("dns_search_domains")]
    public List<string>? DnsSearchDomains { get; set; }

    [JsonPropertyName("dns_server_ips")]
    public List<string>? DnsServerIps { get; set; }

    [JsonPropertyName("interfaces")]
    public Dictionary<string, NetavarkInterface>? Interfaces { get; set; }
}
