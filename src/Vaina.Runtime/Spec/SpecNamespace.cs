using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>A namespace to create (no path) or join (path).</summary>
public sealed class SpecNamespace
{
    public string Type { get; set; } = "";

    public string? Path { get; set; }
}
