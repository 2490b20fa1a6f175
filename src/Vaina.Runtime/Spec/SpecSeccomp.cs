using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>The OCI seccomp filter.</summary>
public sealed class SpecSeccomp
{
    public string DefaultAction { get; set; } = "SCMP_ACT_ALLOW";

    public uint? DefaultErrnoRet { get; set; }

    public List<string>? Architectures { get; set; }

    public List<SpecSyscall>? Syscalls { get; set; }
}
