using Vaina.Images.Pull;

namespace Vaina.Engine.Images;

/// <summary>
/// Writes copy progress as Podman does when stderr is not a terminal: one line per step, a blob line when it
/// finishes. Events come from several threads (layers copy in parallel), so writes are serialised here
/// rather than posted to a synchronisation context as <see cref="Progress{T}"/> would.
/// </summary>
public sealed class PlainTextProgress : IProgress<ImageProgress>
{
    private readonly TextWriter _writer;
    private readonly Lock _gate = new();

    public PlainTextProgress(TextWriter writer)
    {
        _writer = writer;
    }

    public void Report(ImageProgress value)
    {
        string? line = value.Kind switch
        {
            ImageProgressKind.BlobStarted or ImageProgressKind.BlobBytes => null,
            ImageProgressKind.BlobDone => $"Copying blob {value.Digest} done",
            ImageProgressKind.BlobSkipped => $"Copying blob {value.Digest} skipped: already exists",
            ImageProgressKind.Config => $"Copying config {value.Digest} done",
            _ => value.PlainText,
        };
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
