using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Block IO weight.</summary>
public sealed class SpecBlockIo
{
    public ushort? Weight { get; set; }
}
