using System.Security.Cryptography;
using Vaina.Images.References;

namespace Vaina.Images.Registry;

/// <summary>
/// Passes a blob through while hashing it; at the end of the stream, a digest or size mismatch throws, so a
/// consumer that only commits after reading to the end never stores tampered content.
/// </summary>
public sealed class DigestVerifyingStream : Vaina.Storage.ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long _expectedSize;
    private readonly IncrementalHash _hash;
    private readonly Action<long>? _onProgress;
    private long _read;
    private bool _verified;

    /// <param name="expectedSize">-1 when unknown.</param>
    public DigestVerifyingStream(Stream inner, Digest expected, long expectedSize = -1, Action<long>? onProgress = null)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _hash = expected.CreateHasher();
        _onProgress = onProgress;
    }

    public long BytesRead => _read;

    /// <summary>True once the whole blob was read and matched its digest.</summary>
    public bool IsVerified => _verified;

    /// <summary>When set, every byte read is also written here (to keep the blob while consuming it).</summary>
    public Stream? Copy { get; set; }

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        return Account(buffer[..n], n, buffer.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n], n, buffer.Length);
    }

    // A zero-length read returns 0 without meaning end of stream; only a real EOF triggers verification.
    private int Account(ReadOnlySpan<byte> data, int n, int requested)
    {
        if (n > 0)
        {
            _hash.AppendData(data);
            Copy?.Write(data);
            _read += n;
            _onProgress?.Invoke(n);
            if (_expectedSize >= 0 && _read > _expectedSize)
            {
                throw new VainaException($"Digest did not match, expected {_expected}: blob is larger than its declared size {_expectedSize}");
            }
        }
        else if (requested > 0 && !_verified)
        {
            Verify();
        }

        return n;
    }

    /// <summary>Checks the digest now (reads nothing); throws on mismatch.</summary>
    public void Verify()
    {
        if (_verified)
        {
            return;
        }

        var actualDigest = $"{_expected.Algorithm}:{Convert.ToHexStringLower(_hash.GetHashAndReset())}";
        if (actualDigest != _expected.ToString())
        {
            throw new VainaException($"Digest did not match, expected {_expected}, got {actualDigest}");
        }

        if (_expectedSize >= 0 && _read != _expectedSize)
        {
            throw new VainaException($"Size did not match, expected {_expectedSize}, got {_read}: {_expected}");
        }

        _verified = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
