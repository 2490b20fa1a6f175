using Vaina.Images.Registry;

namespace Vaina.Images.Pull;

/// <summary>
/// The decompressed view of a layer blob; when it ends, the rest of the compressed blob is drained and its
/// digest checked before end-of-stream is reported, so the layer store (which commits only after reading to
/// the end) never keeps a layer from a blob with a wrong digest.
/// </summary>
internal sealed class VerifyBeforeEndStream(Stream decompressed, DigestVerifyingStream compressed) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = decompressed.Read(buffer);
        if (n == 0 && buffer.Length > 0)
        {
            Finish();
        }

        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await decompressed.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n == 0 && buffer.Length > 0)
        {
            Finish();
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Finish()
    {
        var scratch = new byte[16384];
        while (compressed.Read(scratch) > 0)
        {
        }

        compressed.Verify();
    }

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
            decompressed.Dispose();
            compressed.Dispose();
        }

        base.Dispose(disposing);
    }
}
