using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    private const int Eintr = 4;
    private const int Eagain = 11;

    /// <summary>
    /// One read(2) or write(2) (<paramref name="native"/>) on a raw descriptor: the byte count, or -1 when a
    /// non-blocking descriptor cannot move any now (EAGAIN). EINTR is retried; other errors throw.
    /// </summary>
    private static unsafe int TransferSome(string call, int fd, byte* buffer, int count, delegate*<int, byte*, nuint, nint> native)
    {
        while (true)
        {
            nint n = native(fd, buffer, (nuint)count);
            if (n >= 0)
            {
                return (int)n;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Eintr)
            {
                continue;
            }

            if (errno == Eagain)
            {
                return -1;
            }

            throw new LinuxException(call, "fd " + fd.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
        }
    }
}
