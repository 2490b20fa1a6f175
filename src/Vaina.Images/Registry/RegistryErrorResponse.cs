using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaina.Images.Registry;

/// <summary>The distribution spec's error body: <c>{"errors":[{"code":..,"message":..,"detail":..}]}</c>.</summary>
public sealed class RegistryErrorResponse
{
    [JsonPropertyName("errors")]
    public List<RegistryErrorEntry>? Errors { get; set; }
}
