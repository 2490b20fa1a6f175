using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int SignalKill = 9;
    public const int SignalTerm = 15;

    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    /// <summary>kill(2); false when the process does not exist (ESRCH), so callers can treat "already gone" as done.</summary>
    public static bool SendSignal(int pid, int signal)
    {
        const int esrch = 3;
        if (KillNative(pid, signal) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        if (errno == esrch)
        {
            return false;
        }

        throw new LinuxException("kill", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
    }
}
