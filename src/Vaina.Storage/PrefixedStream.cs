namespace Vaina.Storage;

/// <summary>A read-only stream yielding some already-read bytes, then the rest of the source (used after sniffing magic bytes).</summary>
public sealed class PrefixedStream : ReadOnlyStream
{
    private readonly Stream source;
    private ReadOnlyMemory<byte> prefix;
    private long position;

    public PrefixedStream(ReadOnlyMemory<byte> prefix, Stream source)
    {
        this.prefix = prefix;
        this.source = source;
    }

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
