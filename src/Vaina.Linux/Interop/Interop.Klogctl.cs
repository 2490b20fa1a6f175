using System.Runtime.InteropServices;
using System.Text;

namespace Vaina.Linux;

public static partial class Interop
{
    private const int SyslogActionReadAll = 3;
    private const int SyslogActionSizeBuffer = 10;

    [LibraryImport(Libc, EntryPoint = "klogctl", SetLastError = true)]
    private static unsafe partial int KlogctlNative(int type, byte* buffer, int length);

    /// <summary>
    /// The kernel log ring buffer as text (syslog(2) SYSLOG_ACTION_READ_ALL: one line per record, "&lt;level&gt;[time] text"),
    /// or null when this process may not read it (kernel.dmesg_restrict without CAP_SYSLOG, a user namespace).
    /// One system call, unlike /dev/kmsg's one read per record.
    /// </summary>
    public static unsafe string? ReadKernelLog()
    {
        int size = KlogctlNative(SyslogActionSizeBuffer, null, 0);
        if (size <= 0)
        {
            return null;
        }

        byte[] buffer = new byte[size];
        int n;
        fixed (byte* p = buffer)
        {
            n = KlogctlNative(SyslogActionReadAll, p, size);
        }

        return n < 0 ? null : Encoding.UTF8.GetString(buffer, 0, n);
    }
}
