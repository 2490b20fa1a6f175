using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int LockShared = 1;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int LockUnlock = 8;

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    /// <summary>flock(2); returns false only when LOCK_NB was given and the lock is held elsewhere.</summary>
    public static bool Flock(int fd, int operation, string? subject = null)
    {
        const int ewouldblock = 11, eintr = 4;
        while (FlockNative(fd, operation) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == eintr)
            {
                continue;
            }

            if (errno == ewouldblock && (operation & LockNonBlocking) != 0)
            {
                return false;
            }

            throw new LinuxException("flock", subject, errno);
        }

        return true;
    }
}
