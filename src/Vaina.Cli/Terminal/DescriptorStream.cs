using Vaina.Linux;
using LinuxInterop = Vaina.Linux.Interop;

namespace Vaina.Cli.Terminal;

/// <summary>
/// A stream over one of the process's standard descriptors, read and written with plain read(2)/write(2).
/// .NET's console streams initialise the terminal on first use (terminfo's keypad-transmit string written to
/// stdout, signal handlers); Podman writes nothing of the kind, so vaina's stdio never goes through them.
/// Like the console streams, a reader that went away (EPIPE) or a closed descriptor makes writes do nothing.
/// </summary>
public sealed class DescriptorStream(int fd, bool writable) : Stream
{
    private const int Epipe = 32;
    private const int Ebadf = 9;
    private const short PollOut = 4;
    private bool _broken;

    public override bool CanRead => !writable;

    public override bool CanWrite => writable;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            int n;
            try
            {
                n = LinuxInterop.ReadSome(fd, buffer);
            }
            catch (LinuxException e)
            {
                throw new IOException(e.Message, e);
            }

            if (n >= 0)
            {
                return n;
            }

            // A non-blocking stdin (inherited from a shell that set O_NONBLOCK): wait until it is readable.
            LinuxInterop.PollEvents(fd, LinuxInterop.PollIn, -1);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!_broken && buffer.Length > 0)
        {
            try
            {
                int n = LinuxInterop.WriteSome(fd, buffer);
                if (n < 0)
                {
                    // A non-blocking stdout (a shell or pager set O_NONBLOCK): wait until it takes more.
                    LinuxInterop.PollEvents(fd, PollOut, -1);
                    continue;
                }

                buffer = buffer[n..];
            }
            catch (LinuxException e) when (e.Errno is Epipe or Ebadf)
            {
                _broken = true;
            }
            catch (LinuxException e)
            {
                throw new IOException(e.Message, e);
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
