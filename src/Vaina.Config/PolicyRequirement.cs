using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Config;

/// <summary>
/// One policy.json requirement. <see cref="Type"/> is insecureAcceptAnything, reject, signedBy,
/// sigstoreSigned or signedBaseLayer; the type's other fields (keyType, keyPath, keyData, signedIdentity,
/// fulcio, ...) are kept as raw JSON for the signature verifier.
/// </summary>
public sealed class PolicyRequirement
{
    public const string InsecureAcceptAnything = "insecureAcceptAnything";
    public const string Reject = "reject";
    public const string SignedBy = "signedBy";
    public const string SigstoreSigned = "sigstoreSigned";
    public const string SignedBaseLayer = "signedBaseLayer";

    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>A string field of the requirement (e.g. "keyPath"), or null.</summary>
    public string? GetString(string name)
        => Properties is not null && Properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
