using System.Globalization;
using Vaina.Images.References;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// `images`: every image (one DB read), minus intermediate images unless <see cref="ImageListOptions.All"/>,
    /// filtered as libimage filters (all filters must match; repeated keys of the same filter are ORed).
    /// Configs are only read for label filters.
    /// </summary>
    public IReadOnlyList<ImageRecord> List(ImageListOptions options)
    {
        var all = Store.List();
        var filters = ParseFilters(options.Filters, all);
        bool wantsIntermediateFilter = filters.Any(f => f.Key == "intermediate");
        var result = new List<ImageRecord>();
        foreach (var image in all)
        {
            if (!options.All && !wantsIntermediateFilter && IsIntermediate(image, all))
            {
                continue;
            }

            bool keep = true;
            foreach (var group in filters.GroupBy(f => f.Key))
            {
                if (!group.Any(f => f.Test(image, all)))
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                result.Add(image);
            }
        }

        return result;
    }

    /// <summary>Dangling: no names (a digest alone does not make it named).</summary>
    public static bool IsDangling(ImageRecord image) => image.Names.Count == 0;

    /// <summary>Images built on top of <paramref name="image"/> (their layer chain continues from its top layer).</summary>
    public static IEnumerable<ImageRecord> ChildrenOf(ImageRecord image, IReadOnlyList<ImageRecord> all)
    {
        if (image.LayerIds.Count == 0)
        {
            return [];
        }

        int n = image.LayerIds.Count;
        return all.Where(o => o.Id != image.Id && o.LayerIds.Count > n && o.LayerIds[n - 1] == image.TopLayerId);
    }

    /// <summary>The image whose top layer is the parent of this image's top layer (Podman's Parent/ParentId), or null.</summary>
    public static ImageRecord? ParentOf(ImageRecord image, IReadOnlyList<ImageRecord> all)
    {
        if (image.LayerIds.Count < 2)
        {
            return null;
        }

        var parentTop = image.LayerIds[^2];
        return all.Where(o => o.Id != image.Id && o.TopLayerId == parentTop && o.LayerIds.Count == image.LayerIds.Count - 1)
            .OrderByDescending(o => o.Created).FirstOrDefault();
    }

    /// <summary>Intermediate: dangling and something is built on it (hidden by `images` without -a).</summary>
    public static bool IsIntermediate(ImageRecord image, IReadOnlyList<ImageRecord> all) => IsDangling(image) && ChildrenOf(image, all).Any();

    private List<ImageFilter> ParseFilters(IReadOnlyList<string> specs, IReadOnlyList<ImageRecord> all)
    {
        var filters = new List<ImageFilter>();
        foreach (var spec in specs)
        {
            int eq = spec.IndexOf('=');
            if (eq <= 0)
            {
                throw new VainaException($"invalid image filter \"{spec}\": must be in the format \"filter=value or filter!=value\"");
            }

            bool negate = spec[eq - 1] == '!';
            var key = spec[..(negate ? eq - 1 : eq)];
            var value = spec[(eq + 1)..];
            Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> test = key switch
            {
                "after" or "since" => CreatedAfter(value),
                "before" => CreatedBefore(value),
                "dangling" => BoolFilter(key, value, (image, _) => IsDangling(image)),
                "intermediate" => BoolFilter(key, value, IsIntermediate),
                "readonly" => BoolFilter(key, value, (_, _) => false),
                "manifest" => BoolFilter(key, value, (_, _) => false),
                "containers" => ContainersFilter(value),
                "id" => (image, _) => image.Id.StartsWith(value.StartsWith("sha256:", StringComparison.Ordinal) ? value[7..] : value, StringComparison.Ordinal),
                "digest" => (image, _) => image.ManifestDigest == value || image.Digests.Any(d => d.EndsWith("@" + value, StringComparison.Ordinal)),
                "label" => LabelFilter(value),
                "reference" => (image, _) => MatchesReference(image, value),
                "until" => CreatedUntil(value),
                _ => throw new VainaException($"unsupported image filter \"{key}\""),
            };
            filters.Add(new ImageFilter(key, negate ? (i, a) => !test(i, a) : test));
        }

        return filters;

        Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> CreatedAfter(string value)
        {
            var pivot = Resolve(value);
            return (image, _) => image.Created > pivot.Created;
        }

        Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> CreatedBefore(string value)
        {
            var pivot = Resolve(value);
            return (image, _) => image.Created < pivot.Created;
        }
    }

    private Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> ContainersFilter(string value)
    {
        Func<string, IReadOnlyList<string>> users = ContainersUsing;
        return value switch
        {
            "true" => (image, _) => users(image.Id).Count > 0,
            "false" => (image, _) => users(image.Id).Count == 0,
            _ => (image, _) => users(image.Id).Any(c => c.StartsWith(value, StringComparison.Ordinal)),
        };
    }

    private Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> LabelFilter(string value)
    {
        int eq = value.IndexOf('=');
        var key = eq < 0 ? value : value[..eq];
        string? wanted = eq < 0 ? null : value[(eq + 1)..];
        return (image, _) =>
        {
            var labels = GetConfig(image).Config?.Labels;
            return labels is not null && labels.TryGetValue(key, out var actual) && (wanted is null || actual == wanted);
        };
    }

    private static Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> BoolFilter(string key, string value, Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> predicate)
    {
        bool wanted = value.ToLowerInvariant() switch
        {
            "true" or "1" or "t" => true,
            "false" or "0" or "f" => false,
            _ => throw new VainaException($"invalid {key} filter value \"{value}\": must be \"true\" or \"false\""),
        };
        return (image, all) => predicate(image, all) == wanted;
    }

    private static Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> CreatedUntil(string value)
    {
        DateTimeOffset until;
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            until = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            until = parsed;
        }
        else if (GoDuration.TryParse(value, out var ago))
        {
            until = DateTimeOffset.UtcNow - ago;
        }
        else
        {
            throw new VainaException($"invalid until filter value \"{value}\"");
        }

        return (image, _) => image.Created < until;
    }

    /// <summary>libimage's reference filter: path.Match against the full name, its familiar forms, and (for a pattern without '/') the last path component.</summary>
    public static bool MatchesReference(ImageRecord image, string pattern)
    {
        foreach (var name in image.Names)
        {
            foreach (var candidate in ReferenceCandidates(name, pattern))
            {
                if (GlobPattern.IsMatch(pattern, candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> ReferenceCandidates(string name, string pattern)
    {
        yield return name;
        if (!ImageReference.TryParse(name, out var parsed) || parsed is null)
        {
            yield break;
        }

        yield return parsed.Name;
        yield return parsed.FamiliarString();
        yield return parsed.FamiliarName();
        if (!pattern.Contains('/', StringComparison.Ordinal))
        {
            var last = parsed.Path[(parsed.Path.LastIndexOf('/') + 1)..];
            yield return last;
            if (parsed.Tag is not null)
            {
                yield return last + ":" + parsed.Tag;
            }
        }
    }

    private sealed record ImageFilter(string Key, Func<ImageRecord, IReadOnlyList<ImageRecord>, bool> Test);
}
