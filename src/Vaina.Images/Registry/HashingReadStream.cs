using Vaina.Storage;
using System.Security.Cryptography;

namespace Vaina.Images.Registry;

/// <summary>Hashes and counts what is read through it (for uploads whose digest is computed while sending).</summary>
internal sealed class HashingReadStream(Stream inner, IncrementalHash hash) : ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        hash.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        hash.AppendData(buffer.Span[..n]);
        BytesRead += n;
        return n;
    }

}
