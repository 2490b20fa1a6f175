using System.Security.Cryptography;

namespace Vaina.Storage;

/// <summary>
/// A read-only, forward-only view of a stream that hashes (sha256) and counts every byte read through it.
/// Not seekable on purpose, so readers such as TarReader pass skipped data through the hash too.
/// </summary>
public sealed class DigestingStream : ReadOnlyStream
{
    private readonly Stream inner;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly bool leaveOpen;

    public DigestingStream(Stream inner, bool leaveOpen = true)
    {
        this.inner = inner;
        this.leaveOpen = leaveOpen;
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>Reads the rest of the stream (e.g. tar padding after the end marker) into the hash.</summary>
    public void Drain(CancellationToken cancellationToken = default)
    {
        byte[] buffer = new byte[81920];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Read(buffer, 0, buffer.Length) == 0)
            {
                return;
            }
        }
    }

    /// <summary>"sha256:hex" of the bytes read so far.</summary>
    public string CurrentDigest() => Digest.Sha256Prefix + Convert.ToHexStringLower(hash.GetCurrentHash());

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        if (read > 0)
        {
            hash.AppendData(buffer[..read]);
            BytesRead += read;
        }

        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            hash.AppendData(buffer.Span[..read]);
            BytesRead += read;
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
