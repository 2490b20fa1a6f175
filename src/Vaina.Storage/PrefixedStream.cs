namespace Vaina.Storage;

/// <summary>A read-only stream yielding some already-read bytes, then the rest of the source (used after sniffing magic bytes).</summary>
public sealed class PrefixedStream : Stream
{
    private readonly Stream source;
    private ReadOnlyMemory<byte> prefix;
    private long position;

    public PrefixedStream(ReadOnlyMemory<byte> prefix, Stream source)
    {
        this.prefix = prefix;
        this.source = source;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        if (!prefix.IsEmpty)
        {
            read = Math.Min(buffer.Length, prefix.Length);
            prefix.Span[..read].CopyTo(buffer);
            prefix = prefix[read..];
        }
        else
        {
            read = source.Read(buffer);
        }

        position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!prefix.IsEmpty)
        {
            return Read(buffer.Span);
        }

        int read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
