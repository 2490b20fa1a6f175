namespace Vaina.Runtime.Seccomp;

/// <summary>Conditions on a rule: capabilities, architectures, minimum kernel.</summary>
public sealed class SeccompRuleFilter
{
    public List<string>? Caps { get; set; }

    public List<string>? Arches { get; set; }

    public string? MinKernel { get; set; }
}
