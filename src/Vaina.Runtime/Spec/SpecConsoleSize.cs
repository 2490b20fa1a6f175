using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Initial terminal size.</summary>
public sealed class SpecConsoleSize
{
    public uint Height { get; set; }

    public uint Width { get; set; }
}
