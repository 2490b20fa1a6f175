using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlInt(int fd, int cmd, int arg);

    /// <summary>Sets or clears FD_CLOEXEC on a descriptor.</summary>
    public static void SetCloseOnExec(int fd, bool closeOnExec)
    {
        int flags = FcntlInt(fd, F_GETFD, 0);
        if (flags < 0)
        {
            throw LinuxException.FromLastError("fcntl(F_GETFD)");
        }

        int updated = closeOnExec ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC;
        if (FcntlInt(fd, F_SETFD, updated) < 0)
        {
            throw LinuxException.FromLastError("fcntl(F_SETFD)");
        }
    }
}
