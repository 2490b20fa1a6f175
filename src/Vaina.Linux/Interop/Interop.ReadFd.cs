using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int OpenNonBlock = 0x800;

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadNative(int fd, byte* buffer, nuint count);

    /// <summary>
    /// read(2) from a raw descriptor: the number of bytes read (0 at end of file), or -1 when a non-blocking
    /// descriptor has nothing to read yet (EAGAIN). Other errors throw.
    /// </summary>
    public static unsafe int ReadSome(int fd, Span<byte> buffer)
    {
        const int eintr = 4;
        const int eagain = 11;
        fixed (byte* start = buffer)
        {
            while (true)
            {
                nint n = ReadNative(fd, start, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == eintr)
                {
                    continue;
                }

                if (errno == eagain)
                {
                    return -1;
                }

                throw new LinuxException("read", "fd " + fd.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
            }
        }
    }
}
