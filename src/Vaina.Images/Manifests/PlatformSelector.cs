namespace Vaina.Images.Manifests;

/// <summary>
/// Picks the manifest for a platform out of an index, like containers/image: the wanted variant first, then
/// the compatible older variants (arm v7 runs v6 and v5; amd64 vN runs lower levels), first match in index order.
/// </summary>
public static class PlatformSelector
{
    public static Descriptor Select(ImageIndex index, PlatformSpec wanted, string indexMediaType)
    {
        var normalizedWanted = PlatformSpec.Normalize(wanted);
        foreach (var variant in CompatibleVariants(normalizedWanted))
        {
            foreach (var d in index.Manifests)
            {
                if (d.Platform is null || !MediaTypes.IsImageManifest(d.MediaType) && !string.IsNullOrEmpty(d.MediaType))
                {
                    continue;
                }

                var candidate = PlatformSpec.Normalize(new PlatformSpec(d.Platform.OS, d.Platform.Architecture, d.Platform.Variant));
                if (candidate.OS == normalizedWanted.OS && candidate.Architecture == normalizedWanted.Architecture && candidate.Variant == variant)
                {
                    return d;
                }
            }
        }

        var what = indexMediaType == MediaTypes.DockerManifestList ? "manifest list" : "image index";
        throw new VainaException($"choosing an image from manifest list: no image found in {what} for architecture {wanted.Architecture}, variant \"{wanted.Variant ?? string.Empty}\", OS {wanted.OS}");
    }

    /// <summary>Variants in order of preference for a wanted platform (null = no variant).</summary>
    public static IReadOnlyList<string?> CompatibleVariants(PlatformSpec wanted)
    {
        var list = new List<string?>();
        switch (wanted.Architecture)
        {
            case "arm":
                int armLevel = ParseLevel(wanted.Variant) ?? 7;
                for (int v = armLevel; v >= 5; v--)
                {
                    list.Add("v" + v);
                }

                break;
            case "amd64":
                int amdLevel = ParseLevel(wanted.Variant) ?? 1;
                for (int v = amdLevel; v >= 2; v--)
                {
                    list.Add("v" + v);
                }

                list.Add(null);
                break;
            default:
                list.Add(wanted.Variant);
                if (wanted.Variant is not null)
                {
                    list.Add(null);
                }

                break;
        }

        return list;
    }

    private static int? ParseLevel(string? variant)
        => variant is { Length: > 1 } && variant[0] == 'v' && int.TryParse(variant.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : null;
}
