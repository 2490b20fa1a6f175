namespace Vaina.Images.Archives;

/// <summary>A layer written out as an uncompressed tar in a temp file, with its digest (the diffID) and size.</summary>
public sealed record ExportedLayer(string TarPath, string DiffId, long Size)
{
    /// <summary>The kept compressed blob (digest) this layer was pulled as, if any.</summary>
    public string? CompressedBlob { get; init; }
}
