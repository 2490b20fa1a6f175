using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "futimens", SetLastError = true)]
    private static unsafe partial int FutimensNative(int fd, long* times);

    /// <summary>Sets access and modification times of the open file <paramref name="fd"/>.</summary>
    public static unsafe void SetFileTimes(int fd, DateTimeOffset accessTime, DateTimeOffset modificationTime)
    {
        long* times = stackalloc long[4];
        (times[0], times[1]) = ToTimespec(accessTime);
        (times[2], times[3]) = ToTimespec(modificationTime);
        if (FutimensNative(fd, times) != 0)
        {
            throw LinuxException.FromLastError("futimens", "fd " + fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
