using Vaina.Storage;
using Vaina.Images.Registry;

namespace Vaina.Images.Pull;

/// <summary>
/// The decompressed view of a layer blob; when it ends, the rest of the compressed blob is drained and its
/// digest checked before end-of-stream is reported, so the layer store (which commits only after reading to
/// the end) never keeps a layer from a blob with a wrong digest.
/// </summary>
internal sealed class VerifyBeforeEndStream(Stream decompressed, DigestVerifyingStream compressed) : ReadOnlyStream
{

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

    private void Finish()
    {
        var scratch = new byte[16384];
        while (compressed.Read(scratch) > 0)
        {
        }

        compressed.Verify();
    }

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
