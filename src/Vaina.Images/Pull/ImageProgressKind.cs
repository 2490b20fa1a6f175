namespace Vaina.Images.Pull;

/// <summary>Steps of a copy (pull, push, load) that a progress renderer may show.</summary>
public enum ImageProgressKind
{
    /// <summary>A short-name resolution line (<c>Resolved "x" as an alias (...)</c>).</summary>
    Resolution,

    /// <summary><c>Trying to pull NAME...</c></summary>
    Trying,

    /// <summary><c>Getting image source signatures</c></summary>
    GettingSignatures,

    /// <summary>A blob starts copying (<c>Copying blob sha256:...</c>).</summary>
    BlobStarted,

    /// <summary>Bytes of a blob were transferred (<see cref="ImageProgress.Bytes"/> is the running total).</summary>
    BlobBytes,

    /// <summary>A blob was already present (plain text: the same <c>Copying blob</c> line; a TTY bar says <c>skipped: already exists</c>).</summary>
    BlobSkipped,

    /// <summary>A blob finished (<c>... done</c> on a TTY bar).</summary>
    BlobDone,

    /// <summary><c>Copying config sha256:...</c></summary>
    Config,

    /// <summary><c>Writing manifest to image destination</c></summary>
    WritingManifest,

    /// <summary><c>Storing signatures</c></summary>
    StoringSignatures,
}
