using Vaina.Images.Manifests;
using Vaina.Images.Policy;
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

    /// <summary>policy.json; null = accept anything (tests).</summary>
    public SignaturePolicy? SignaturePolicy { get; init; }

    /// <summary>Copy at most this many layers at once.</summary>
    public int MaxParallelLayers { get; init; } = 3;

    public IProgress<ImageProgress>? Progress { get; init; }
}
