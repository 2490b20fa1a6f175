using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPidNative(int pid, out int status, int options);

    /// <summary>
    /// waitpid(pid, WNOHANG) for a child started with <see cref="SpawnDetached"/>: null while it runs,
    /// else its wait status (reaped). Children started by System.Diagnostics.Process must not be waited here.
    /// </summary>
    public static int? TryReapChild(int pid)
    {
        const int wNoHang = 1, eintr = 4;
        while (true)
        {
            int result = WaitPidNative(pid, out int status, wNoHang);
            if (result == pid)
            {
                return status;
            }

            if (result == 0)
            {
                return null;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != eintr)
            {
                throw new LinuxException("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
            }
        }
    }
}
