using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>The <c>oci-layout</c> marker file of an OCI layout directory.</summary>
public sealed class OciLayoutFile
{
    [JsonPropertyName("imageLayoutVersion")]
    public string ImageLayoutVersion { get; set; } = "1.0.0";
}
