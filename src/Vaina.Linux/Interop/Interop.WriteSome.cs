namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>
    /// One write(2) to a raw descriptor: the number of bytes written, or -1 when a non-blocking descriptor
    /// cannot take any now (EAGAIN). EINTR is retried; other errors throw.
    /// </summary>
    public static unsafe int WriteSome(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            return TransferSome("write", fd, start, data.Length, &WriteNative);
        }
    }
}
