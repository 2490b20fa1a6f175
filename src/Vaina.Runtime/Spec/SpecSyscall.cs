using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>A seccomp rule for a group of syscalls.</summary>
public sealed class SpecSyscall
{
    public List<string> Names { get; set; } = [];

    public string Action { get; set; } = "";

    public uint? ErrnoRet { get; set; }

    public List<SpecSyscallArg>? Args { get; set; }
}
