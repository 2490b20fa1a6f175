using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxOfDescriptor(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// statx of what an open fd (an O_PATH one too) refers to (AT_EMPTY_PATH). Unlike a stat of
    /// /proc/self/fd/N, this never reports the magic link itself, and never follows a symlink the fd names.
    /// </summary>
    public static unsafe FileStatus GetFileStatus(int fd)
    {
        byte* b = stackalloc byte[256];
        const int atEmptyPath = 0x1000, atSymlinkNoFollow = 0x100;
        const uint basicStats = 0x7ff;
        if (StatxOfDescriptor(fd, string.Empty, atEmptyPath | atSymlinkNoFollow, basicStats, b) != 0)
        {
            throw LinuxException.FromLastError("statx", "fd");
        }

        return FromStatx(b);
    }
}
