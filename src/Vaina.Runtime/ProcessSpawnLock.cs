namespace Vaina.Runtime;

/// <summary>
/// Serialises process spawns in this process while conmon's pipe ends are inheritable (no FD_CLOEXEC), so
/// no other child (runc, netavark, ...) inherits them. Code that spawns processes alongside container starts
/// should take this lock around Process.Start.
/// </summary>
public static class ProcessSpawnLock
{
    public static readonly Lock Gate = new();
}
