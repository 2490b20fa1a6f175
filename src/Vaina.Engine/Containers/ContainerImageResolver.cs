using Vaina.Images.Pull;
using Vaina.Images.References;
using Vaina.Images.Registry;
using Vaina.Images.ShortNames;
using Vaina.Storage.Images;

namespace Vaina.Engine.Containers;

/// <summary>
/// Finds the image a container is created from: a local image by id, name or short name, else a pull per the
/// pull policy. Stands in for ImageService.GetOrPullAsync until the images part provides it.
/// </summary>
internal sealed class ContainerImageResolver
{
    private readonly VainaEngine _engine;

    public ContainerImageResolver(VainaEngine engine)
    {
        _engine = engine;
    }

    public async Task<(ImageRecord Image, string Name)> ResolveAsync(string name, string? pullPolicy, bool? tlsVerify, CancellationToken cancellationToken)
    {
        var policy = PullPolicyParser.Parse(pullPolicy ?? _engine.Config.Containers.Engine.PullPolicy ?? "missing");
        if (policy is PullPolicy.Missing or PullPolicy.Never && FindLocal(name) is { } local)
        {
            return local;
        }

        if (policy == PullPolicy.Never)
        {
            throw new VainaException($"{name}: image not known");
        }

        var registries = _engine.Config.Registries;
        var options = new PullOptions
        {
            Policy = policy,
            Registry = new RegistryClientOptions
            {
                TlsVerify = tlsVerify,
                IsInsecureRegistry = registries.IsInsecure,
                IsBlockedRegistry = registries.IsBlocked,
                CredentialSource = AuthFileCredentialSource.ForUser(null),
            },
            ShortNames = new ShortNameResolver(new RegistriesShortNameConfig(registries, _engine.Config.AliasCache), null),
        };
        var store = _engine.Store;
        using var puller = new ImagePuller(new ImageWriter(store.Layers, store.Images, store.Blobs), options);
        var pulled = await puller.PullAsync(name, cancellationToken).ConfigureAwait(false);
        var image = pulled[0];
        return (image, image.Names.FirstOrDefault() ?? name);
    }

    /// <summary>A stored image for <paramref name="name"/>: id or exact name, then Podman's normalisations of a short name.</summary>
    public (ImageRecord Image, string Name)? FindLocal(string name)
    {
        var images = _engine.Store.Images;
        if (images.TryGet(name) is { } direct)
        {
            var display = direct.Names.Contains(name) ? name : direct.Names.FirstOrDefault() ?? name;
            return (direct, display);
        }

        if (!ImageReference.TryParse(name, out var parsed) || parsed is null)
        {
            return null;
        }

        var withTag = parsed.WithDefaultTag().ToString();
        foreach (var candidate in new[] { withTag, "localhost/" + withTag, "docker.io/library/" + withTag, "docker.io/" + withTag })
        {
            if (images.TryGetByName(candidate) is { } found)
            {
                return (found, candidate);
            }
        }

        if (ImageReference.HasExplicitDomain(parsed))
        {
            return null;
        }

        // A short name matches any registry's repository of that name (Podman's local short-name lookup).
        foreach (var image in images.List())
        {
            foreach (var imageName in image.Names)
            {
                if (imageName.EndsWith("/" + withTag, StringComparison.Ordinal))
                {
                    return (image, imageName);
                }
            }
        }

        return null;
    }
}
