using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Storage.Images;
using SignaturePolicy = Vaina.Images.Policy.SignaturePolicy;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// The image a container (run, create) or a build starts from: the local image when the policy allows it,
    /// else pulled. <paramref name="pullPolicy"/> is missing, always, never or newer (also true/false).
    /// Progress lines (Podman's non-TTY form) go to <paramref name="progress"/> unless <see cref="ImagePullRequest.Quiet"/>.
    /// Errors: "NAME: image not known" (policy never, nothing local), short-name and registry errors as Podman prints them.
    /// </summary>
    public async Task<ImageRecord> GetOrPullAsync(string nameOrId, string pullPolicy, ImagePullRequest options, TextWriter progress, CancellationToken ct)
    {
        var images = await PullAsync(nameOrId, PullPolicyParser.Parse(pullPolicy), options, options.Quiet ? null : new PlainTextProgress(progress), ct).ConfigureAwait(false);
        return images[0];
    }

    /// <summary>
    /// `pull` (and the implicit pull of run/create): returns the images stored (several with --all-tags).
    /// With policy missing/never a local image (Podman's lookup rules, and the requested platform when one was named) wins.
    /// </summary>
    public async Task<IReadOnlyList<ImageRecord>> PullAsync(string name, PullPolicy policy, ImagePullRequest options, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        CheckAuthFile(options.AuthFile);
        var platform = PlatformSpec.FromOptions(options.Platform, options.Os, options.Architecture, options.Variant);
        if (policy is PullPolicy.Missing or PullPolicy.Never && !options.AllTags)
        {
            var local = TryResolveForPlatform(name, options.PlatformExplicit ? platform : null);
            if (local is not null)
            {
                return [local];
            }

            if (policy == PullPolicy.Never)
            {
                throw new VainaException($"{name}: image not known");
            }
        }

        var pullOptions = new PullOptions
        {
            Policy = policy,
            Platform = platform,
            PlatformExplicit = options.PlatformExplicit,
            AllTags = options.AllTags,
            Registry = RegistryOptions(options.AuthFile, options.Credentials, options.CertDir, options.TlsVerify),
            ShortNames = ShortNameResolverFor(),
            SignaturePolicy = LoadSignaturePolicy(options.SignaturePolicyPath),
            Lookaside = reference => Vaina.Config.RegistriesDirectory.Load(_engine.Config.Environment).LookasideFor(reference.ToString()),
            MaxParallelLayers = 6,
            PullSources = reference => PullSourceReference.FromConfig(_engine.Config.Registries, reference),
            Progress = options.Quiet ? null : progress,
        };
        using var puller = new ImagePuller(CreateWriter(), pullOptions);
        return await puller.PullAsync(name, ct).ConfigureAwait(false);
    }

    private ImageRecord? TryResolveForPlatform(string name, PlatformSpec? platform)
    {
        ImageRecord? local;
        try
        {
            local = TryResolve(name);
        }
        catch (VainaException) when (platform is not null)
        {
            return null;
        }

        if (local is null || platform is null)
        {
            return local;
        }

        return local.Architecture == platform.Architecture && local.Os == platform.OS ? local : null;
    }

    private SignaturePolicy? LoadSignaturePolicy(string? explicitPath)
    {
        var path = explicitPath ?? _engine.Config.PolicyPath;
        return SignaturePolicy.Load(path, _engine.Config.IsRootless);
    }
}
