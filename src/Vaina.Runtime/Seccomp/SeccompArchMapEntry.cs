namespace Vaina.Runtime.Seccomp;

/// <summary>An architecture and the sub-architectures its filter must also cover.</summary>
public sealed class SeccompArchMapEntry
{
    public string Architecture { get; set; } = "";

    public List<string>? SubArchitectures { get; set; }
}
