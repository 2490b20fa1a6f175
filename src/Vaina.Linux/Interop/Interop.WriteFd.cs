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
        fixed (byte* start = data)
        {
            int written = 0;
            while (written < data.Length)
            {
                int n = TransferSome("write", fd, start + written, data.Length - written, &WriteNative);
                if (n < 0)
                {
                    throw new LinuxException("write", "fd " + fd.ToString(System.Globalization.CultureInfo.InvariantCulture), Eagain);
                }

                written += n;
            }
        }
    }
}
