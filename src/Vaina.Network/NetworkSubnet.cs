using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>One subnet of a network: CIDR, optional gateway and lease range (Podman's types.Subnet).</summary>
public sealed class NetworkSubnet
{
    [JsonPropertyName("subnet")]
    public string Subnet { get; set; } = "";

    [JsonPropertyName("gateway")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Gateway { get; set; }

    [JsonPropertyName("lease_range")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LeaseRange? LeaseRange { get; set; }
}
