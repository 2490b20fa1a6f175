using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Lifecycle hooks.</summary>
public sealed class SpecHooks
{
    public List<SpecHook>? Prestart { get; set; }

    public List<SpecHook>? CreateRuntime { get; set; }

    public List<SpecHook>? CreateContainer { get; set; }

    public List<SpecHook>? StartContainer { get; set; }

    public List<SpecHook>? Poststart { get; set; }

    public List<SpecHook>? Poststop { get; set; }
}
