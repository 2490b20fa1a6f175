using Vaina.Images.Manifests;
using Vaina.Images.Policy;
using Vaina.Images.References;
using Vaina.Images.Registry;
using Vaina.Images.ShortNames;

namespace Vaina.Images.Pull;

/// <summary>Everything one <c>pull</c> (or an implicit pull of run/create/build) needs besides the name.</summary>
public sealed class PullOptions
{
    public PullPolicy Policy { get; init; } = PullPolicy.Missing;

    public PlatformSpec Platform { get; init; } = PlatformSpec.Host;

    /// <summary>Set when the user named a platform: a local image of another platform then does not count as present.</summary>
    public bool PlatformExplicit { get; init; }

    public bool AllTags { get; init; }

    public RegistryClientOptions Registry { get; init; } = new();

    /// <summary>Short-name resolution (registries.conf); null = names must be fully qualified or docker.io-normalisable.</summary>
    public ShortNameResolver? ShortNames { get; init; }

    /// <summary>policy.json read by Vaina.Images; null = not checked here.</summary>
    public SignaturePolicy? SignaturePolicy { get; init; }

    /// <summary>policy.json as parsed by Vaina.Config (preferred by the engine); null = not checked here.</summary>
    public Vaina.Config.SignaturePolicy? ConfigSignaturePolicy { get; init; }

    /// <summary>The lookaside store (registries.d) simple-signing signatures of a repository are read from; null = none.</summary>
    public Func<ImageReference, string?>? Lookaside { get; init; }

    /// <summary>Copy at most this many layers at once.</summary>
    public int MaxParallelLayers { get; init; } = 3;

    public IProgress<ImageProgress>? Progress { get; init; }

    /// <summary>
    /// registries.conf mirrors: the places to fetch a reference from, in order (mirrors first, the registry last).
    /// Null = the reference itself. See <see cref="PullSourceReference.FromConfig"/>.
    /// </summary>
    public Func<ImageReference, IReadOnlyList<PullSourceReference>>? PullSources { get; init; }
}
