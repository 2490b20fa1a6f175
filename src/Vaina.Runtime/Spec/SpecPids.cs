using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Process-count limit.</summary>
public sealed class SpecPids
{
    public long Limit { get; set; }
}
