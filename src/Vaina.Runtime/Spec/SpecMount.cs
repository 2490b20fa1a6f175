using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>One mount in the container.</summary>
public sealed class SpecMount
{
    public string Destination { get; set; } = "";

    public string? Type { get; set; }

    public string? Source { get; set; }

    public List<string>? Options { get; set; }
}
