using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Capability sets of the process.</summary>
public sealed class SpecCapabilities
{
    public List<string>? Bounding { get; set; }

    public List<string>? Effective { get; set; }

    public List<string>? Inheritable { get; set; }

    public List<string>? Permitted { get; set; }

    public List<string>? Ambient { get; set; }
}
