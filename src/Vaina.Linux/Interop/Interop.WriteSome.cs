using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>
    /// One write(2) to a raw descriptor: the number of bytes written, or -1 when a non-blocking descriptor
    /// cannot take any now (EAGAIN). EINTR is retried; other errors throw.
    /// </summary>
    public static unsafe int WriteSome(int fd, ReadOnlySpan<byte> data)
    {
        const int eintr = 4;
        const int eagain = 11;
        fixed (byte* start = data)
        {
            while (true)
            {
                nint n = WriteNative(fd, start, (nuint)data.Length);
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

                throw new LinuxException("write", "fd " + fd.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
            }
        }
    }
}
