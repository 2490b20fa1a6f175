using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    private const ulong TiocGWinSz = 0x5413;

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlWinSize(int fd, ulong request, [Out] ushort[] winsize);

    /// <summary>ioctl(TIOCGWINSZ): the terminal's rows and columns, or null when fd is not a terminal.</summary>
    public static (int Rows, int Columns)? GetWindowSize(int fd)
    {
        var size = new ushort[4];
        return IoctlWinSize(fd, TiocGWinSz, size) == 0 ? (size[0], size[1]) : null;
    }
}
