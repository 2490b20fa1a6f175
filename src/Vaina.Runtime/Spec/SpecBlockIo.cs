using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Block IO weight and per-device weights and throttles.</summary>
public sealed class SpecBlockIo
{
    public ushort? Weight { get; set; }

    public List<SpecBlockIoDevice>? WeightDevice { get; set; }

    public List<SpecBlockIoDevice>? ThrottleReadBpsDevice { get; set; }

    public List<SpecBlockIoDevice>? ThrottleWriteBpsDevice { get; set; }

    [JsonPropertyName("throttleReadIOPSDevice")]
    public List<SpecBlockIoDevice>? ThrottleReadIopsDevice { get; set; }

    [JsonPropertyName("throttleWriteIOPSDevice")]
    public List<SpecBlockIoDevice>? ThrottleWriteIopsDevice { get; set; }
}
