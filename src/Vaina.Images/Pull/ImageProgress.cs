namespace Vaina.Images.Pull;

/// <summary>
/// One progress event of a copy. <see cref="PlainText"/> is the line Podman prints to stderr when stderr is
/// not a terminal (null when it prints none for this event); a TTY renderer can draw per-blob bars from
/// BlobStarted/BlobBytes/BlobDone instead. Events arrive from several threads (layers copy in parallel).
/// </summary>
public sealed record ImageProgress(ImageProgressKind Kind, string? Digest = null, long Bytes = 0, long Total = -1, string? Text = null)
{
    public string? PlainText => Kind switch
    {
        ImageProgressKind.Resolution => Text,
        ImageProgressKind.Trying => $"Trying to pull {Text}...",
        ImageProgressKind.GettingSignatures => "Getting image source signatures",
        ImageProgressKind.BlobStarted => $"Copying blob {Digest}",
        ImageProgressKind.BlobSkipped => $"Copying blob {Digest}",
        ImageProgressKind.Config => $"Copying config {Digest}",
        ImageProgressKind.WritingManifest => "Writing manifest to image destination",
        ImageProgressKind.StoringSignatures => "Storing signatures",
        _ => null,
    };
}
