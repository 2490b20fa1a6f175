using Vaina.Config;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.Registry;
using Vaina.Images.ShortNames;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

/// <summary>The engine's image operations, shared by the CLI and the REST API.</summary>
public sealed partial class ImageService
{
    private readonly VainaEngine _engine;
    private readonly Dictionary<string, ImageConfig> _configs = new(StringComparer.Ordinal);

    internal ImageService(VainaEngine engine)
    {
        _engine = engine;
    }

    /// <summary>The CLI's terminal chooser for ambiguous short names (null or unable to prompt: Podman's non-TTY behaviour).</summary>
    public ICandidatePrompter? Prompter { get; set; }

    /// <summary>
    /// Set by the container side: the ids of the containers using an image id (rmi refuses, `images` counts them,
    /// --filter containers=). Null = no containers known.
    /// </summary>
    public Func<string, IReadOnlyList<string>>? ContainerUsers { get; set; }

    internal VainaEngine Engine => _engine;

    private ImageStore Store => _engine.Store.Images;

    /// <summary>
    /// Finds a local image as Podman's LookupImage does: full id or unique id prefix ("sha256:" optional), exact
    /// name, NAME@sha256:..., then a short name's local candidates (alias, localhost/NAME, unqualified-search
    /// registries), then any image whose repository ends in "/NAME" with the same tag (so "busybox" finds
    /// "docker.io/library/busybox:latest" and "127.0.0.1:5100/busybox:latest"). A manifest list resolves to its
    /// instance for this platform, which must be stored locally (Podman's "could not find image instance" error).
    /// Throws VainaException "NAME: image not known" when nothing matches.
    /// </summary>
    public ImageRecord Resolve(string nameOrId)
    {
        var found = TryResolveRecord(nameOrId) ?? throw new VainaException($"{nameOrId}: image not known");
        return found.IsManifestList ? ListInstance(found, required: true)! : found;
    }

    /// <summary>Like <see cref="Resolve"/>, null when nothing matches or a list has no local instance for this platform (still throws for an ambiguous id prefix).</summary>
    public ImageRecord? TryResolve(string nameOrId)
    {
        var found = TryResolveRecord(nameOrId);
        return found is { IsManifestList: true } ? ListInstance(found, required: false) : found;
    }

    /// <summary>The image or manifest list a name denotes, lists as they are (tag, untag, manifest commands).</summary>
    public ImageRecord? TryResolveRecord(string nameOrId) => new LocalImageResolver(Store, _engine.Store.Database, ShortNameResolverFor).TryResolve(nameOrId);

    /// <summary>A list's local instance for this platform when there is one, else the list itself (rmi and push, as libimage's returnManifestIfNoInstance).</summary>
    public ImageRecord? TryResolveInstanceOrList(string nameOrId)
    {
        var found = TryResolveRecord(nameOrId);
        return found is { IsManifestList: true } ? ListInstance(found, required: false) ?? found : found;
    }

    /// <summary>Whether a local image matches (`image exists`): a list counts when its instance for this platform is stored.</summary>
    public bool Exists(string nameOrId) => TryResolve(nameOrId) is not null;

    private ImageRecord? ListInstance(ImageRecord list, bool required)
    {
        var raw = Store.GetBigData(list.Id, "manifest");
        var index = raw is null ? null : ManifestParser.Parse(raw).Index;
        if (index is null)
        {
            return required ? throw new VainaException($"{list.Id}: image is not a manifest list") : null;
        }

        index.Manifests ??= [];
        Descriptor chosen;
        try
        {
            chosen = PlatformSelector.Select(index, PlatformSpec.Host, ManifestParser.DetectMediaType(raw!, null));
        }
        catch (VainaException) when (!required)
        {
            return null;
        }
        catch (VainaException e)
        {
            var reason = e.Message.StartsWith("choosing an image from manifest list: ", StringComparison.Ordinal) ? e.Message["choosing an image from manifest list: ".Length..] : e.Message;
            reason = reason.Replace("in image index", "in manifest list", StringComparison.Ordinal);
            throw new VainaException($"{reason}: image not known", inner: e);
        }

        return Store.TryGetByManifestDigest(chosen.Digest)
            ?? (required ? throw new VainaException($"could not find image instance {chosen.Digest} of manifest list {list.Id} in local containers storage: image not known") : null);
    }

    /// <summary>The image's parsed config (User, Env, Entrypoint, Cmd, WorkingDir, Labels, ExposedPorts, Volumes, StopSignal, Healthcheck, history).</summary>
    public ImageConfig GetConfig(ImageRecord image)
    {
        if (image.IsManifestList)
        {
            // A list has no config: no labels, no history.
            return new ImageConfig();
        }

        lock (_configs)
        {
            if (_configs.TryGetValue(image.Id, out var cached))
            {
                return cached;
            }
        }

        var config = ManifestParser.ParseConfig(_engine.Store.Blobs.ReadAllBytes(image.ConfigDigest));
        lock (_configs)
        {
            _configs[image.Id] = config;
        }

        return config;
    }

    /// <summary>The raw config blob.</summary>
    public byte[] GetConfigBytes(ImageRecord image) => _engine.Store.Blobs.ReadAllBytes(image.ConfigDigest);

    /// <summary>The raw manifest blob.</summary>
    public byte[] GetManifestBytes(ImageRecord image) => _engine.Store.Blobs.ReadAllBytes(image.IsManifestList ? image.CurrentManifestDigest : image.ManifestDigest);

    internal ImageWriter CreateWriter() => new(_engine.Store.Layers, Store, _engine.Store.Blobs);

    internal ShortNameResolver ShortNameResolverFor()
    {
        ConfigContext config = _engine.Config;
        return new ShortNameResolver(new RegistriesShortNameConfig(() => config.Registries, config.AliasCache), Prompter);
    }

    /// <summary>How to reach registries for one command: TLS (flag, registries.conf insecure, certs.d), credentials (--creds, auth files).</summary>
    internal RegistryClientOptions RegistryOptions(string? authFile, string? creds, string? certDir, bool? tlsVerify)
    {
        ConfigContext config = _engine.Config;
        return new RegistryClientOptions
        {
            TlsVerify = tlsVerify,
            CertDir = string.IsNullOrEmpty(certDir) ? null : certDir,
            CertsDRoots = config.CertDirectories.SearchDirectories,
            Credentials = string.IsNullOrEmpty(creds) ? null : RegistryCredentials.ParseCredsFlag(creds),
            CredentialSource = new ConfigCredentialSource(config.AuthFiles(string.IsNullOrEmpty(authFile) ? null : authFile)),
            IsInsecureRegistry = host => config.Registries.IsInsecure(host),
            IsBlockedRegistry = reference => config.Registries.IsBlocked(reference),
            UserAgent = "vaina/" + System.BuildInfo.Version,
        };
    }

    internal void CheckAuthFile(string? authFile)
    {
        if (!string.IsNullOrEmpty(authFile) && !File.Exists(authFile))
        {
            throw new VainaException($"checking authfile: stat {authFile}: no such file or directory");
        }
    }
}
