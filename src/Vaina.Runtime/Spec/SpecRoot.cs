using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>The root filesystem.</summary>
public sealed class SpecRoot
{
    public string Path { get; set; } = "";

    public bool? Readonly { get; set; }
}
