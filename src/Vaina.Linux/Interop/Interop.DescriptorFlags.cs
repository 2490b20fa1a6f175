using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlGetFlags(int fd, int cmd, int arg);

    /// <summary>
    /// True when <paramref name="fd"/> is open without FD_CLOEXEC: a descriptor this process was given by its
    /// caller (the .NET runtime opens all of its own close-on-exec).
    /// </summary>
    public static bool IsInheritedDescriptor(int fd)
    {
        int flags = FcntlGetFlags(fd, F_GETFD, 0);
        return flags >= 0 && (flags & FD_CLOEXEC) == 0;
    }
}
