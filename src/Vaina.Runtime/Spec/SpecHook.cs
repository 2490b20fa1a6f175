using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>One hook command.</summary>
public sealed class SpecHook
{
    public string Path { get; set; } = "";

    public List<string>? Args { get; set; }

    public List<string>? Env { get; set; }

    public int? Timeout { get; set; }
}
