using System.Text.Json.Serialization;

namespace Vaina.Engine.System;

/// <summary>`vaina version`: Podman's shape, with the client block only (there is no daemon).</summary>
public sealed class VersionReport
{
    [JsonPropertyName("Client")]
    public required ComponentVersion Client { get; init; }
}
