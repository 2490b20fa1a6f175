namespace Vaina.Images.References;

/// <summary>
/// A docker image reference, <c>domain[:port]/path[:tag][@digest]</c>, as distribution/reference parses it.
/// <see cref="Parse"/> keeps the input as written; <see cref="ParseNormalized"/> adds <c>docker.io/library/</c>
/// the way Podman's docker transport does.
/// </summary>
public sealed record ImageReference
{
    public const string DefaultDomain = "docker.io";
    public const string LegacyDefaultDomain = "index.docker.io";
    public const string OfficialRepoPrefix = "library/";
    public const string LocalDomain = "localhost";
    public const string DefaultTag = "latest";
    public const int NameTotalLengthMax = 255;

    public ImageReference(string domain, string path, string? tag = null, Digest? digest = null)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host (with port), empty when the reference was parsed without one.</summary>
    public string Domain { get; init; }

    /// <summary>The repository path inside the registry (<c>library/busybox</c>).</summary>
    public string Path { get; init; }

    public string? Tag { get; init; }

    public Digest? Digest { get; init; }

    /// <summary><c>domain/path</c> (or just the path when there is no domain).</summary>
    public string Name => Domain.Length == 0 ? Path : $"{Domain}/{Path}";

    public bool IsNameOnly => Tag is null && Digest is null;

    public override string ToString()
    {
        var s = Name;
        if (Tag is not null)
        {
            s += ":" + Tag;
        }

        if (Digest is { } d)
        {
            s += "@" + d;
        }

        return s;
    }

    /// <summary>The short form Docker prints: <c>busybox:latest</c> for <c>docker.io/library/busybox:latest</c>.</summary>
    public string FamiliarString()
    {
        var name = FamiliarName();
        if (Tag is not null)
        {
            name += ":" + Tag;
        }

        if (Digest is { } d)
        {
            name += "@" + d;
        }

        return name;
    }

    public string FamiliarName()
    {
        if (Domain != DefaultDomain)
        {
            return Name;
        }

        var path = Path;
        if (path.StartsWith(OfficialRepoPrefix, StringComparison.Ordinal) && path.IndexOf('/', OfficialRepoPrefix.Length) < 0)
        {
            path = path[OfficialRepoPrefix.Length..];
        }

        return path;
    }

    /// <summary>Without tag and digest.</summary>
    public ImageReference TrimToName() => this with { Tag = null, Digest = null };

    /// <summary>Adds <c>:latest</c> when neither tag nor digest is given (reference.TagNameOnly).</summary>
    public ImageReference WithDefaultTag() => IsNameOnly ? this with { Tag = DefaultTag } : this;

    public ImageReference WithTag(string tag)
    {
        if (!ReferencePatterns.AnchoredTag().IsMatch(tag))
        {
            throw new InvalidReferenceException(ReferenceErrors.InvalidTag);
        }

        return this with { Tag = tag };
    }

    public ImageReference WithDigest(Digest digest) => this with { Digest = digest };

    /// <summary>The tag or digest as the registry API wants it in <c>/manifests/&lt;ref&gt;</c>.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>reference.Parse: the grammar, no normalisation.</summary>
    public static ImageReference Parse(string s)
    {
        var m = ReferencePatterns.Reference().Match(s);
        if (!m.Success)
        {
            if (s.Length == 0)
            {
                throw new InvalidReferenceException(ReferenceErrors.NameEmpty);
            }

            if (ReferencePatterns.Reference().IsMatch(s.ToLowerInvariant()))
            {
                throw new InvalidReferenceException(ReferenceErrors.NameContainsUppercase);
            }

            throw new InvalidReferenceException(ReferenceErrors.InvalidFormat);
        }

        var name = m.Groups[1].Value;
        if (name.Length > NameTotalLengthMax)
        {
            throw new InvalidReferenceException(ReferenceErrors.NameTooLong);
        }

        var nm = ReferencePatterns.AnchoredName().Match(name);
        string domain = nm.Groups[1].Success ? nm.Groups[1].Value : string.Empty;
        string path = nm.Groups[2].Value;
        string? tag = m.Groups[2].Success ? m.Groups[2].Value : null;
        Digest? digest = m.Groups[3].Success ? ParseDigest(m.Groups[3].Value) : null;
        return new ImageReference(domain, path, tag, digest);
    }

    public static bool TryParse(string s, out ImageReference? reference)
    {
        try
        {
            reference = Parse(s);
            return true;
        }
        catch (InvalidReferenceException)
        {
            reference = null;
            return false;
        }
    }

    /// <summary>reference.ParseNormalizedNamed: adds <c>docker.io</c> and <c>library/</c>.</summary>
    public static ImageReference ParseNormalized(string s)
    {
        if (ReferencePatterns.AnchoredIdentifier().IsMatch(s))
        {
            throw new InvalidReferenceException(ReferenceErrors.HexIdentifier(s));
        }

        var (domain, remainder) = SplitDockerDomain(s);
        int tagSep = remainder.IndexOf(':', StringComparison.Ordinal);
        var remoteName = tagSep > -1 ? remainder[..tagSep] : remainder;
        if (!string.Equals(remoteName.ToLowerInvariant(), remoteName, StringComparison.Ordinal))
        {
            throw new InvalidReferenceException(ReferenceErrors.NormalizedUppercase);
        }

        return Parse(domain + "/" + remainder);
    }

    public static bool TryParseNormalized(string s, out ImageReference? reference)
    {
        try
        {
            reference = ParseNormalized(s);
            return true;
        }
        catch (InvalidReferenceException)
        {
            reference = null;
            return false;
        }
    }

    /// <summary>
    /// Podman's name for a locally created image (tag, commit, import, load): a name without a registry
    /// gets <c>localhost/</c>; a docker.io name gets <c>library/</c>; no tag becomes <c>:latest</c>.
    /// </summary>
    public static ImageReference NormalizeLocalName(string s)
    {
        var parsed = Parse(s);
        if (!HasExplicitDomain(parsed))
        {
            parsed = new ImageReference(LocalDomain, parsed.Name, parsed.Tag, parsed.Digest);
        }
        else if (parsed.Domain == DefaultDomain && !parsed.Path.Contains('/', StringComparison.Ordinal))
        {
            parsed = parsed with { Path = OfficialRepoPrefix + parsed.Path };
        }

        return parsed.WithDefaultTag();
    }

    /// <summary>Whether the first component names a registry (contains '.' or ':' or is <c>localhost</c>).</summary>
    public static bool HasExplicitDomain(ImageReference parsed)
        => parsed.Domain.Length > 0 && (parsed.Domain.Contains('.', StringComparison.Ordinal) || parsed.Domain.Contains(':', StringComparison.Ordinal) || parsed.Domain == LocalDomain);

    private static Digest ParseDigest(string s)
        => Vaina.Storage.Digest.Validate(s) is { } error ? throw new InvalidReferenceException(error) : Vaina.Storage.Digest.Parse(s);

    private static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        string domain;
        string remainder;
        int i = name.IndexOf('/', StringComparison.Ordinal);
        if (i == -1 || (name.AsSpan(0, i).IndexOfAny('.', ':') < 0 && name[..i] != LocalDomain && string.Equals(name[..i].ToLowerInvariant(), name[..i], StringComparison.Ordinal)))
        {
            domain = DefaultDomain;
            remainder = name;
        }
        else
        {
            domain = name[..i];
            remainder = name[(i + 1)..];
        }

        if (domain == LegacyDefaultDomain)
        {
            domain = DefaultDomain;
        }

        if (domain == DefaultDomain && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = OfficialRepoPrefix + remainder;
        }

        return (domain, remainder);
    }
}
