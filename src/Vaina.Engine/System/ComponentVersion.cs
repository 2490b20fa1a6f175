using System.Text.Json.Serialization;

namespace Vaina.Engine.System;

/// <summary>Podman's define.Version fields.</summary>
public sealed class ComponentVersion
{
    /// <summary>The level of Podman's API and CLI that vaina is compatible with.</summary>
    [JsonPropertyName("APIVersion")]
    public required string ApiVersion { get; init; }

    [JsonPropertyName("Version")]
    public required string Version { get; init; }

    /// <summary>Podman reports its Go version here; vaina reports the .NET runtime it was built with.</summary>
    [JsonPropertyName("GoVersion")]
    public required string GoVersion { get; init; }

    [JsonPropertyName("GitCommit")]
    public required string GitCommit { get; init; }

    [JsonPropertyName("BuiltTime")]
    public required string BuiltTime { get; init; }

    [JsonPropertyName("Built")]
    public required long Built { get; init; }

    [JsonPropertyName("OsArch")]
    public required string OsArch { get; init; }

    [JsonPropertyName("Os")]
    public required string Os { get; init; }
}
