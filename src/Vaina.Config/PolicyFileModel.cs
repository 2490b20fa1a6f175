using System.Text.Json.Serialization;

namespace Vaina.Config;

/// <summary>The policy.json document as written on disk.</summary>
internal sealed class PolicyFileModel
{
    [JsonPropertyName("default")]
    public List<PolicyRequirement>? Default { get; set; }

    [JsonPropertyName("transports")]
    public Dictionary<string, Dictionary<string, List<PolicyRequirement>>>? Transports { get; set; }
}
