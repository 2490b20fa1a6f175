using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>sizeof(struct termios) on glibc is 60; a larger buffer is harmless.</summary>
    public const int TermiosSize = 64;

    [LibraryImport(Libc, EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttrNative(int fd, [Out] byte[] termios);

    [LibraryImport(Libc, EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttrNative(int fd, int optionalActions, byte[] termios);

    [LibraryImport(Libc, EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRawNative([In, Out] byte[] termios);

    /// <summary>isatty(3).</summary>
    [LibraryImport(Libc, EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    /// <summary>tcgetattr(3): the terminal's settings as an opaque struct termios.</summary>
    public static byte[] TcGetAttr(int fd)
    {
        var termios = new byte[TermiosSize];
        if (TcGetAttrNative(fd, termios) != 0)
        {
            throw LinuxException.FromLastError("tcgetattr");
        }

        return termios;
    }

    /// <summary>tcsetattr(3) with TCSANOW.</summary>
    public static void TcSetAttr(int fd, byte[] termios)
    {
        if (TcSetAttrNative(fd, 0, termios) != 0)
        {
            throw LinuxException.FromLastError("tcsetattr");
        }
    }

    /// <summary>cfmakeraw(3) applied to a copy of <paramref name="termios"/>.</summary>
    public static byte[] MakeRaw(byte[] termios)
    {
        var raw = (byte[])termios.Clone();
        CfMakeRawNative(raw);
        return raw;
    }
}
