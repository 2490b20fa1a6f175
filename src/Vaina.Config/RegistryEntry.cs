namespace Vaina.Config;

/// <summary>
/// A [[registry]] table of registries.conf v2. <see cref="Prefix"/> defaults to <see cref="Location"/>;
/// a wildcard prefix <c>*.example.com</c> has no location (references keep their own host).
/// </summary>
public sealed class RegistryEntry
{
    public required string Prefix { get; init; }

    /// <summary>host[:port][/namespace]; empty only for wildcard prefixes.</summary>
    public required string Location { get; init; }

    public bool Insecure { get; init; }

    public bool Blocked { get; init; }

    public bool MirrorByDigestOnly { get; init; }

    public IReadOnlyList<RegistryMirror> Mirrors { get; init; } = [];

    public bool IsWildcard => Prefix.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>
    /// Length of the match of <paramref name="reference"/> (which must start with an explicit host) against
    /// this entry's prefix, or -1. containers/image rules: a plain prefix matches when the reference equals it
    /// or continues with '/', ':' or '@'; <c>*.example.com</c> matches hosts ending in ".example.com".
    /// </summary>
    public int Match(string reference) => MatchPrefix(reference, Prefix);

    public static int MatchPrefix(string reference, string prefix)
    {
        if (prefix.StartsWith("*.", StringComparison.Ordinal))
        {
            string suffix = prefix[1..];
            int index = reference.IndexOf(suffix, StringComparison.Ordinal);
            if (index == -1 || reference.AsSpan(0, index).Contains('/'))
            {
                return -1;
            }

            index += suffix.Length;
            return index == reference.Length || reference[index] is ':' or '/' or '@' ? index : -1;
        }

        if (reference.Length < prefix.Length || !reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return -1;
        }

        return reference.Length == prefix.Length || reference[prefix.Length] is '/' or ':' or '@' ? prefix.Length : -1;
    }

    /// <summary>
    /// The endpoints to try for <paramref name="reference"/>, mirrors first then the primary location, with
    /// pull-from-mirror / mirror-by-digest-only applied (a reference with '@' is by digest).
    /// </summary>
    public IReadOnlyList<PullSource> PullSources(string reference)
    {
        bool byDigest = reference.Contains('@');
        var sources = new List<PullSource>();
        foreach (var mirror in Mirrors)
        {
            bool use = MirrorByDigestOnly
                ? byDigest
                : mirror.PullFromMirror switch
                {
                    "digest-only" => byDigest,
                    "tag-only" => !byDigest,
                    _ => true,
                };
            if (use)
            {
                sources.Add(new PullSource(Rewrite(reference, mirror.Location), mirror.Location, mirror.Insecure, true));
            }
        }

        sources.Add(new PullSource(Rewrite(reference, Location), Location.Length == 0 ? HostOf(reference) : Location, Insecure, false));
        return sources;
    }

    /// <summary>Replaces the matched prefix by <paramref name="location"/>; an empty location keeps the reference.</summary>
    public string Rewrite(string reference, string location)
    {
        int matched = Match(reference);
        if (matched < 0)
        {
            throw new ArgumentException($"reference {reference} does not match prefix {Prefix}", nameof(reference));
        }

        return location.Length == 0 ? reference : location + reference[matched..];
    }

    private static string HostOf(string reference)
    {
        int slash = reference.IndexOf('/');
        return slash < 0 ? reference : reference[..slash];
    }
}
