using Vaina.Engine.Images;
using Vaina.Images.Pull;
using Vaina.Images.References;
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

    public async Task<(ImageRecord Image, string Name)> ResolveAsync(ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        var name = request.Image;
        var policy = request.PullPolicy ?? _engine.Config.Containers.Engine.PullPolicy ?? "missing";
        var pull = new ImagePullRequest
        {
            TlsVerify = request.TlsVerify,
            AuthFile = request.AuthFile,
            Quiet = request.PullProgress is null,
            Platform = request.Platform,
            Os = request.Os,
            Architecture = request.Architecture,
            Variant = request.Variant,
        };

        // With a platform named, a local image counts only when it is of that platform: the image service decides.
        if (!pull.PlatformExplicit && PullPolicyParser.Parse(policy) is PullPolicy.Missing or PullPolicy.Never && FindLocal(name) is { } local)
        {
            return local;
        }

        var image = await _engine.Images.GetOrPullAsync(name, policy, pull, request.PullProgress ?? TextWriter.Null, cancellationToken).ConfigureAwait(false);
        return FindLocal(name) is { } pulled && pulled.Image.Id == image.Id ? pulled : (image, image.Names.FirstOrDefault() ?? name);
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
