using System.Text.Json.Serialization;

namespace Vaina.Images.Registry;

/// <summary><c>GET /v2/_catalog</c>.</summary>
public sealed class Catalog
{
    [JsonPropertyName("repositories")]
    public List<string>? Repositories { get; set; }
}
