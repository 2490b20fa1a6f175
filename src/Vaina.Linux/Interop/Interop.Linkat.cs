using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    private const int AtSymlinkFollow = 0x400;

    [LibraryImport(Libc, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkatNative(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    /// <summary>
    /// Gives the unnamed file <paramref name="fd"/> (opened with O_TMPFILE) the name <paramref name="name"/> in the
    /// directory <paramref name="directoryFd"/>, through /proc/self/fd as open(2) describes (no capability needed).
    /// Returns 0 or the errno (EEXIST when the name is taken).
    /// </summary>
    public static int LinkAnonymousFile(int fd, int directoryFd, string name)
    {
        string self = "/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LinkatNative(-100, self, directoryFd, name, AtSymlinkFollow) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }
}
