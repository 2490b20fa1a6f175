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
        fixed (byte* start = buffer)
        {
            return TransferSome("read", fd, start, buffer.Length, &ReadNative);
        }
    }
}
