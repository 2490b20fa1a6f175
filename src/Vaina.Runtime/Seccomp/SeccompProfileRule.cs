using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Seccomp;

/// <summary>A syscall rule of a Docker-format profile, with its include/exclude conditions.</summary>
public sealed class SeccompProfileRule
{
    public string? Name { get; set; }

    public List<string>? Names { get; set; }

    public string Action { get; set; } = "";

    public uint? ErrnoRet { get; set; }

    public List<SpecSyscallArg>? Args { get; set; }

    public SeccompRuleFilter? Includes { get; set; }

    public SeccompRuleFilter? Excludes { get; set; }
}
