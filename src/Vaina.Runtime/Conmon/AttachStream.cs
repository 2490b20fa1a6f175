namespace Vaina.Runtime.Conmon;

/// <summary>conmon's stream ids: the first byte of every packet on the attach socket.</summary>
public enum AttachStream : byte
{
    Stdin = 1,
    Stdout = 2,
    Stderr = 3,
}
