using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nuint count);

    /// <summary>
    /// write(2) of all of <paramref name="data"/> to a descriptor this process does not own as a stream
    /// (stderr before an exec): at the descriptor's own offset, so appending to a redirected file works.
    /// </summary>
    public static unsafe void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        const int eintr = 4;
        fixed (byte* start = data)
        {
            int written = 0;
            while (written < data.Length)
            {
                nint n = WriteNative(fd, start + written, (nuint)(data.Length - written));
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == eintr)
                    {
                        continue;
                    }

                    throw new LinuxException("write", "fd " + fd.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
                }

                written += (int)n;
            }
        }
    }
}
