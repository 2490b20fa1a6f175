using Vaina.Storage;
namespace Vaina.Images.Registry;

/// <summary>A response body stream that disposes its HTTP response with it.</summary>
internal sealed class ResponseOwningStream(Stream inner, HttpResponseMessage response) : ReadOnlyStream
{

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
