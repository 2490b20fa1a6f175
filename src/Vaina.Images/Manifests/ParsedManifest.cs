using Vaina.Images.References;

namespace Vaina.Images.Manifests;

/// <summary>A manifest's raw bytes (kept verbatim: they define its digest) and what was parsed from them.</summary>
public sealed class ParsedManifest
{
    public ParsedManifest(byte[] raw, string mediaType, ImageManifest? image, ImageIndex? index)
    {
        Raw = raw;
        MediaType = mediaType;
        Image = image;
        Index = index;
        Digest = Digest.Sha256(raw);
    }

    public byte[] Raw { get; }

    public string MediaType { get; }

    /// <summary>Set for a single-image manifest.</summary>
    public ImageManifest? Image { get; }

    /// <summary>Set for an index / manifest list.</summary>
    public ImageIndex? Index { get; }

    public Digest Digest { get; }

    public bool IsIndex => Index is not null;
}
