using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int UtimensatNative(int dirfd, string path, long* times, int flags);

    /// <summary>Sets access and modification times of <paramref name="path"/> itself (symlinks not followed).</summary>
    public static unsafe void SetFileTimesNoFollow(string path, DateTimeOffset accessTime, DateTimeOffset modificationTime)
    {
        const int atFdCwd = -100, atSymlinkNoFollow = 0x100;
        long* times = stackalloc long[4];
        (times[0], times[1]) = ToTimespec(accessTime);
        (times[2], times[3]) = ToTimespec(modificationTime);
        if (UtimensatNative(atFdCwd, path, times, atSymlinkNoFollow) != 0)
        {
            throw LinuxException.FromLastError("utimensat", path);
        }
    }

    private static (long Seconds, long Nanoseconds) ToTimespec(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return (seconds, rest * 100);
    }
}
