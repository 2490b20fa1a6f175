using System.Text.Json.Serialization;

namespace Vaina.Network;

/// <summary>The part of a subnet addresses are leased from (`network create --ip-range`).</summary>
public sealed class LeaseRange
{
    [JsonPropertyName("start_ip")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StartIp { get; set; }

    [JsonPropertyName("end_ip")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndIp { get; set; }
}
