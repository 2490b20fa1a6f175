using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "pidfd_open", SetLastError = true)]
    private static partial int PidfdOpenNative(int pid, uint flags);

    [LibraryImport(Libc, EntryPoint = "pidfd_send_signal", SetLastError = true)]
    private static partial int PidfdSendSignalNative(int pidfd, int signal, IntPtr info, uint flags);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int PollNative(PollFd* fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>pidfd_open(2) (close-on-exec); -1 when the process does not exist or the kernel has no pidfds.</summary>
    public static int TryOpenPidfd(int pid) => pid > 0 ? PidfdOpenNative(pid, 0) : -1;

    /// <summary>
    /// pidfd_send_signal(2): signals exactly the process the pidfd refers to, never a later process that reused
    /// its pid. False when that process has exited (ESRCH).
    /// </summary>
    public static bool SendSignal(SafePidfd pidfd, int signal)
    {
        const int esrch = 3;
        if (PidfdSendSignalNative(pidfd.Fd, signal, IntPtr.Zero, 0) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        if (errno == esrch)
        {
            return false;
        }

        throw new LinuxException("pidfd_send_signal", pidfd.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
    }

    /// <summary>
    /// poll(2) for POLLIN on one descriptor (a pidfd becomes readable when its process exits): true when it is
    /// readable, false on timeout or EINTR.
    /// </summary>
    public static unsafe bool PollReadable(int fd, int timeoutMs)
    {
        const short pollIn = 1;
        var entry = new PollFd { Fd = fd, Events = pollIn };
        int n = PollNative(&entry, 1, timeoutMs);
        return n > 0 && (entry.Revents & pollIn) != 0;
    }
}
