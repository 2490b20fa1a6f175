namespace Vaina.Linux;

/// <summary>
/// A pidfd (pidfd_open(2)): a handle on one process that stays valid after it exits, so signals never reach a
/// later process with the same pid, and poll(2) on it wakes the moment the process exits (no sleep-and-check).
/// </summary>
public sealed class SafePidfd : IDisposable
{
    private SafePidfd(int pid, int fd)
    {
        Pid = pid;
        Fd = fd;
    }

    public int Pid { get; }

    public int Fd { get; private set; }

    /// <summary>True once <see cref="WaitForExit"/> has seen the process exit.</summary>
    public bool Exited { get; private set; }

    /// <summary>The pidfd of a running process, or null (no such process, or no pidfd support).</summary>
    public static SafePidfd? TryOpen(int pid)
    {
        int fd = Interop.TryOpenPidfd(pid);
        return fd < 0 ? null : new SafePidfd(pid, fd);
    }

    /// <summary>Blocks up to <paramref name="timeoutMs"/> for the process to exit; true when it has exited.</summary>
    public bool WaitForExit(int timeoutMs)
    {
        if (!Exited && Fd >= 0 && Interop.PollReadable(Fd, timeoutMs))
        {
            Exited = true;
        }

        return Exited;
    }

    public void Dispose()
    {
        if (Fd >= 0)
        {
            Interop.Close(Fd);
            Fd = -1;
        }
    }
}
