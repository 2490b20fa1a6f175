using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Memory limits in bytes.</summary>
public sealed class SpecMemory
{
    public long? Limit { get; set; }

    public long? Reservation { get; set; }

    public long? Swap { get; set; }

    public long? Swappiness { get; set; }

    [JsonPropertyName("disableOOMKiller")]
    public bool? DisableOomKiller { get; set; }
}
