using Vaina.Config;
using Vaina.Images.References;

namespace Vaina.Images.ShortNames;

/// <summary>
/// containers/image pkg/shortnames: a name with a registry is used as is; a short name goes through the alias
/// cache and registries.conf aliases, then the unqualified-search registries, prompting (TTY, enforcing or
/// permissive) when several candidates remain. Tags and digests are stripped for the lookup and re-added.
/// </summary>
public sealed class ShortNameResolver
{
    public const string PromptLabel = "Please select an image";

    private readonly IShortNameConfig _config;
    private readonly ICandidatePrompter? _prompter;

    public ShortNameResolver(IShortNameConfig config, ICandidatePrompter? prompter)
    {
        _config = config;
        _prompter = prompter;
    }

    /// <summary>True for "image:tag", "library/fedora"; false for "quay.io/x", "localhost/x", "x@sha256:...".</summary>
    public static bool IsShortName(string input)
    {
        var (isShort, _) = ParseUnnormalized(input);
        return isShort;
    }

    /// <summary>Candidates for a pull; when <paramref name="existsLocally"/> finds a local image among the local candidates, that wins.</summary>
    public ShortNameResolution Resolve(string name, Func<ImageReference, bool>? existsLocally = null)
    {
        var (isShort, parsed) = ParseUnnormalized(name);
        if (!isShort)
        {
            var full = parsed.WithDefaultTag();
            if (existsLocally?.Invoke(full) == true)
            {
                return new ShortNameResolution(name, [new PullCandidate(full, false)], ResolutionRationale.Local, string.Empty, full);
            }

            return new ShortNameResolution(name, [new PullCandidate(full, false)], ResolutionRationale.None, string.Empty);
        }

        if (existsLocally is not null)
        {
            foreach (var local in ResolveLocally(name))
            {
                if (existsLocally(local))
                {
                    return new ShortNameResolution(parsed.TrimToName().ToString(), [new PullCandidate(local, false)], ResolutionRationale.Local, string.Empty, local);
                }
            }
        }

        var repo = parsed.TrimToName();
        var userInput = repo.ToString();
        if (LookupAlias(userInput) is { } alias)
        {
            var value = WithTagAndDigest(alias.Value, parsed).WithDefaultTag();
            return new ShortNameResolution(userInput, [new PullCandidate(value, false)], ResolutionRationale.Alias, alias.Origin);
        }

        var registries = _config.UnqualifiedSearchRegistries;
        if (registries.Count == 0)
        {
            var origin = _config.UnqualifiedSearchRegistriesOrigin;
            throw new VainaException(origin.Length > 0
                ? $"short-name \"{name}\" did not resolve to an alias and no unqualified-search registries are defined in \"{origin}\""
                : $"short-name \"{name}\" did not resolve to an alias and no containers-registries.conf(5) was found");
        }

        var candidates = new List<PullCandidate>();
        foreach (var registry in registries)
        {
            ImageReference candidate;
            try
            {
                candidate = ImageReference.ParseNormalized($"{registry}/{name}");
            }
            catch (InvalidReferenceException e)
            {
                throw new VainaException($"creating reference with unqualified-search registry \"{registry}\": {e.Message}", inner: e);
            }

            candidates.Add(new PullCandidate(candidate.WithDefaultTag(), false));
        }

        var usr = new ShortNameResolution(userInput, candidates, ResolutionRationale.UnqualifiedSearchRegistries, _config.UnqualifiedSearchRegistriesOrigin);
        var mode = _config.Mode;
        if (mode == ShortNameMode.Disabled || candidates.Count == 1)
        {
            return usr;
        }

        if (_prompter is null || !_prompter.CanPrompt)
        {
            return mode == ShortNameMode.Permissive
                ? usr
                : throw new VainaException("short-name resolution enforced but cannot prompt without a TTY");
        }

        var selection = _prompter.Select(PromptLabel, candidates.Select(c => c.Reference.ToString()).ToList());
        ImageReference selected;
        try
        {
            selected = ImageReference.ParseNormalized(selection);
        }
        catch (InvalidReferenceException e)
        {
            throw new VainaException($"selection \"{selection}\" is not a valid reference: {e.Message}", inner: e);
        }

        return new ShortNameResolution(userInput, [new PullCandidate(selected, true)], ResolutionRationale.UserSelection, string.Empty);
    }

    /// <summary>
    /// The names a short name may have locally, in order: its alias, <c>localhost/NAME</c>, then each
    /// unqualified-search registry. A fully-qualified name is returned alone (with :latest if untagged).
    /// </summary>
    public IReadOnlyList<ImageReference> ResolveLocally(string name)
    {
        var (isShort, parsed) = ParseUnnormalized(name);
        if (!isShort)
        {
            return [parsed.WithDefaultTag()];
        }

        var candidates = new List<ImageReference>();
        if (LookupAlias(parsed.TrimToName().ToString()) is { } alias)
        {
            candidates.Add(WithTagAndDigest(alias.Value, parsed).WithDefaultTag());
        }

        candidates.Add(ImageReference.ParseNormalized($"{ImageReference.LocalDomain}/{name}").WithDefaultTag());
        foreach (var registry in _config.UnqualifiedSearchRegistries)
        {
            if (ImageReference.TryParseNormalized($"{registry}/{name}", out var c) && c is not null)
            {
                candidates.Add(c.WithDefaultTag());
            }
        }

        return candidates;
    }

    /// <summary>Call after a candidate was pulled successfully: records a prompted choice as an alias.</summary>
    public void Record(ShortNameResolution resolution, PullCandidate candidate)
    {
        if (!candidate.RecordAsAlias)
        {
            return;
        }

        try
        {
            _config.RecordAlias(resolution.UserInput, candidate.Reference.TrimToName().ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or VainaException)
        {
            throw new VainaException($"recording short-name alias (\"{resolution.UserInput}\"=\"{candidate.Reference}\"): {e.Message}", inner: e);
        }
    }

    private (ImageReference Value, string Origin)? LookupAlias(string shortName)
    {
        if (_config.FindAlias(shortName) is not { } alias || alias.Value.Length == 0)
        {
            return null;
        }

        ImageReference value;
        try
        {
            value = ImageReference.ParseNormalized(alias.Value);
        }
        catch (InvalidReferenceException e)
        {
            throw new VainaException($"alias \"{shortName}\" = \"{alias.Value}\" in {alias.Origin}: {e.Message}", inner: e);
        }

        return (value, alias.Origin);
    }

    private static ImageReference WithTagAndDigest(ImageReference alias, ImageReference input)
    {
        var r = alias;
        if (input.Tag is not null)
        {
            r = r with { Tag = input.Tag };
        }

        if (input.Digest is not null)
        {
            r = r with { Digest = input.Digest };
        }

        return r;
    }

    /// <summary>Short = no registry: first component without '.'/':' and not localhost; digest-only names are not short.</summary>
    private static (bool IsShort, ImageReference Parsed) ParseUnnormalized(string input)
    {
        ImageReference parsed;
        try
        {
            parsed = ImageReference.Parse(input);
        }
        catch (InvalidReferenceException e)
        {
            throw new InvalidReferenceException($"cannot parse input: \"{input}\": {e.Message}");
        }

        if (ImageReference.HasExplicitDomain(parsed))
        {
            return (false, ImageReference.ParseNormalized(input));
        }

        return (true, parsed);
    }
}
