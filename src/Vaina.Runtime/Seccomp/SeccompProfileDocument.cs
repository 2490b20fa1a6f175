using System.Text.Json.Serialization;

namespace Vaina.Runtime.Seccomp;

/// <summary>A seccomp profile in the Docker/containers-common format (seccomp.json).</summary>
public sealed class SeccompProfileDocument
{
    public string DefaultAction { get; set; } = "SCMP_ACT_ALLOW";

    public uint? DefaultErrnoRet { get; set; }

    public List<string>? Architectures { get; set; }

    public List<SeccompArchMapEntry>? ArchMap { get; set; }

    public List<SeccompProfileRule>? Syscalls { get; set; }
}
