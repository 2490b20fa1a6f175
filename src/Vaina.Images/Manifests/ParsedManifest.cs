using Vaina.Images.References;

namespace Vaina.Images.Manifests;

/// <summary>A manifest's raw bytes (kept verbatim: they define its digest) and what was parsed from them.</summary>
public sealed class ParsedManifest
{
    private Digest? _digest;

    public ParsedManifest(byte[] raw, string mediaType, ImageManifest? image, ImageIndex? index)
    {
        Raw = raw;
        MediaType = mediaType;
        Image = image;
        Index = index;
    }

    public byte[] Raw { get; }

    public string MediaType { get; }

    /// <summary>Set for a single-image manifest.</summary>
    public ImageManifest? Image { get; }

    /// <summary>Set for an index / manifest list.</summary>
    public ImageIndex? Index { get; }

    /// <summary>sha256 of <see cref="Raw"/>, computed on first use (hashing loads OpenSSL, which a re-pull may not need).</summary>
    public Digest Digest => _digest ??= Digest.Sha256(Raw);

    public bool IsIndex => Index is not null;
}
