using Vaina.Images.Manifests;
using Vaina.Images.References;
using Vaina.Images.Registry;
using Vaina.Images.ShortNames;
using Vaina.Images.Transports;
using Vaina.Storage.Images;

namespace Vaina.Images.Pull;

/// <summary>
/// <c>pull</c>: resolves the name (short names, local images per pull policy), fetches the manifest (choosing
/// the platform from an index), the config and the missing layers (in parallel), and stores the image.
/// One <see cref="RegistryClient"/> per registry host for the lifetime of this object (one command).
/// </summary>
public sealed class ImagePuller : IDisposable
{
    private readonly ImageWriter _writer;
    private readonly PullOptions _options;
    private readonly Dictionary<string, RegistryClient> _clients = new(StringComparer.Ordinal);

    public ImagePuller(ImageWriter writer, PullOptions options)
    {
        _writer = writer;
        _options = options;
    }

    /// <summary>
    /// Pulls <paramref name="name"/> (a docker reference, short name, image id, or transport:reference) and
    /// returns the stored images (several with <see cref="PullOptions.AllTags"/>). The CLI prints their ids.
    /// </summary>
    public async Task<IReadOnlyList<ImageRecord>> PullAsync(string name, CancellationToken ct)
    {
        if (name.StartsWith("sha256:", StringComparison.Ordinal) || (name.Length == 64 && name.AsSpan().IndexOfAny("/.:@") < 0))
        {
            if (_options.Policy == PullPolicy.Always)
            {
                throw new VainaException($"pull policy is always but image has been referred to by ID ({name})");
            }

            return [_writer.Images.Get(name)];
        }

        var transport = TransportParser.TransportOf(name);
        if (transport is not null && transport != TransportKind.Docker)
        {
            var parsed = TransportParser.Parse(name);
            if (parsed.Kind == TransportKind.ContainersStorage)
            {
                return [_writer.Images.Get(parsed.Image?.ToString() ?? parsed.RefName!)];
            }

            var loader = new Archives.ImageLoader(_writer);
            return await loader.LoadAsync(parsed, _options.Progress, ct).ConfigureAwait(false);
        }

        if (transport == TransportKind.Docker && name.StartsWith("docker://", StringComparison.Ordinal))
        {
            name = name["docker://".Length..];
        }
        else
        {
            // Validate with docker's normalisation first so Podman's texts come out for bad input.
            ImageReference.ParseNormalized(name);
        }

        if (_options.AllTags)
        {
            return await PullAllTagsAsync(name, ct).ConfigureAwait(false);
        }

        ShortNameResolution resolution;
        Func<ImageReference, bool>? local = _options.Policy == PullPolicy.Always ? null : r => FindLocal(r) is not null;
        if (_options.ShortNames is { } resolver)
        {
            resolution = resolver.Resolve(name, local);
        }
        else
        {
            var full = ImageReference.ParseNormalized(name).WithDefaultTag();
            resolution = new ShortNameResolution(name, [new PullCandidate(full, false)], local?.Invoke(full) == true ? ResolutionRationale.Local : ResolutionRationale.None, string.Empty, local?.Invoke(full) == true ? full : null);
        }

        if (resolution.LocalMatch is { } match && _options.Policy is PullPolicy.Missing or PullPolicy.Never)
        {
            return [FindLocal(match)!];
        }

        if (_options.Policy == PullPolicy.Never)
        {
            throw new VainaException($"{name}: image not known");
        }

        if (resolution.Description.Length > 0)
        {
            _options.Progress?.Report(new ImageProgress(ImageProgressKind.Resolution, Text: resolution.Description));
        }

        var errors = new List<Exception>();
        foreach (var candidate in resolution.Candidates)
        {
            try
            {
                var image = await PullReferenceAsync(candidate.Reference, ct).ConfigureAwait(false);
                _options.ShortNames?.Record(resolution, candidate);
                return [image];
            }
            catch (VainaException e) when (!ct.IsCancellationRequested)
            {
                errors.Add(e);
            }
        }

        throw ShortNameResolution.FormatPullErrors(errors);
    }

    /// <summary>Pulls one fully-qualified reference (no short-name resolution), honouring the pull policy.</summary>
    public async Task<ImageRecord> PullReferenceAsync(ImageReference reference, CancellationToken ct)
    {
        reference = reference.WithDefaultTag();
        var local = FindLocal(reference);
        if (local is not null && _options.Policy is PullPolicy.Missing or PullPolicy.Never)
        {
            return local;
        }

        if (_options.Policy == PullPolicy.Never)
        {
            throw new VainaException($"{reference}: image not known");
        }

        if (_options.Registry.IsBlockedRegistry?.Invoke(reference.ToString()) == true)
        {
            throw new VainaException($"initializing source docker://{reference}: registry {reference.Domain} is blocked in registries.conf");
        }

        var signedBy = _options.SignaturePolicy?.CheckAllowed("docker", reference) ?? [];
        if (_options.ConfigSignaturePolicy is { } configPolicy)
        {
            Policy.ConfigPolicyChecker.CheckAllowed(configPolicy, reference);
        }
        _options.Progress?.Report(new ImageProgress(ImageProgressKind.Trying, Text: reference.ToString()));
        var sources = _options.PullSources?.Invoke(reference) ?? [new PullSourceReference(reference, null)];
        ParsedManifest manifest = null!;
        ParsedManifest? index = null;
        RegistryClient client = null!;
        ImageReference source = reference;
        var mirrorErrors = new List<string>();
        for (int i = 0; i < sources.Count; i++)
        {
            source = sources[i].Reference;
            client = ClientFor(source.Domain, sources[i].Insecure);
            try
            {
                if (local is not null && _options.Policy == PullPolicy.Newer)
                {
                    var head = await client.HeadManifestAsync(source.Path, source.ManifestReference, ct).ConfigureAwait(false);
                    if (head is not null && head.Digest.Length > 0 && local.Digests.Contains($"{reference.Name}@{head.Digest}"))
                    {
                        return local;
                    }
                }

                manifest = await client.GetManifestAsync(source.Path, source.ManifestReference, ct).ConfigureAwait(false);
                index = null;
                if (manifest.IsIndex)
                {
                    index = manifest;
                    var chosen = PlatformSelector.Select(manifest.Index!, _options.Platform, manifest.MediaType);
                    manifest = await client.GetManifestAsync(source.Path, chosen.Digest, ct).ConfigureAwait(false);
                    if (manifest.IsIndex)
                    {
                        throw new VainaException($"manifest {chosen.Digest} in an index is itself an index");
                    }
                }

                break;
            }
            catch (VainaException e) when (e is RegistryException || e.Message.StartsWith("parsing manifest", StringComparison.Ordinal) || e.Message.StartsWith("unsupported manifest", StringComparison.Ordinal) || e.Message.StartsWith("Unimplemented", StringComparison.Ordinal) || e.Message.StartsWith("choosing an image", StringComparison.Ordinal))
            {
                if (i < sources.Count - 1)
                {
                    mirrorErrors.Add($"{source}: {e.Message}");
                    continue;
                }

                var mirrors = mirrorErrors.Count == 0 ? string.Empty : $"(Mirrors also failed: [{string.Join("; ", mirrorErrors)}]): ";
                const string choosing = "choosing an image from manifest list: ";
                if (mirrors.Length == 0 && e.Message.StartsWith(choosing, StringComparison.Ordinal))
                {
                    // Podman names the list in this one: "choosing an image from manifest list docker://REF: no image found ...".
                    throw new VainaException($"choosing an image from manifest list docker://{reference}: {e.Message[choosing.Length..]}", inner: e);
                }

                throw new VainaException($"initializing source docker://{reference}: {mirrors}{e.Message}", inner: e);
            }
        }

        _options.Progress?.Report(new ImageProgress(ImageProgressKind.GettingSignatures));
        if (signedBy.Count > 0)
        {
            // Signatures sign the top-level manifest (the index for a multi-platform image), as containers/image checks them.
            var signedDigest = (index ?? manifest).Digest.ToString();
            var signatures = await Policy.SimpleSigning.ReadSignaturesAsync(_options.Lookaside?.Invoke(reference), reference, signedDigest, ct).ConfigureAwait(false);
            foreach (var requirement in signedBy)
            {
                Policy.SimpleSigning.Verify(requirement, reference, signedDigest, signatures);
            }
        }

        var image = manifest.Image!;
        if (index is null && local is not null && IsStoredManifest(local, manifest.Raw))
        {
            return Unchanged(local, image, reference);
        }

        var configDigest = Digest.Parse(image.Config.Digest);
        byte[] configRaw = _writer.Blobs.Exists(configDigest.ToString())
            ? _writer.Blobs.ReadAllBytes(configDigest.ToString())
            : await client.GetBlobBytesAsync(source.Path, configDigest, image.Config.Size, ct).ConfigureAwait(false);
        if (Digest.Sha256(configRaw) != configDigest)
        {
            throw new VainaException($"Digest did not match, expected {configDigest}, got {Digest.Sha256(configRaw)}");
        }

        var names = reference.Tag is not null && reference.Digest is null ? new List<string> { reference.ToString() } : [];
        var digests = new List<string> { $"{reference.Name}@{manifest.Digest}" };
        if (index is not null)
        {
            digests.Add($"{reference.Name}@{index.Digest}");
        }

        try
        {
            return await _writer.WriteAsync(
                image,
                manifest.Raw,
                manifest.MediaType,
                configRaw,
                names,
                digests,
                (layer, onBytes, token) => client.GetBlobAsync(source.Path, Digest.Parse(layer.Digest), layer.Size, onBytes, token),
                _options.MaxParallelLayers,
                _options.Progress,
                ct,
                index is null ? null : [new BigDataItem("manifest-" + index.Digest, index.Digest.ToString(), index.Raw.Length)]).ConfigureAwait(false);
        }
        catch (VainaException e) when (e is not RegistryException)
        {
            throw new VainaException($"writing blob: {e.Message}", e.ExitCode, e);
        }
        catch (RegistryException e)
        {
            throw new VainaException($"reading blob: {e.Message}", e.ExitCode, e);
        }
    }

    /// <summary>
    /// Whether the local image under the reference's name was stored from exactly these manifest bytes (a byte
    /// comparison: no hashing, so a re-pull of an unchanged image neither loads OpenSSL nor writes the store).
    /// </summary>
    private bool IsStoredManifest(ImageRecord local, byte[] raw)
    {
        try
        {
            return _writer.Blobs.ReadAllBytes(local.ManifestDigest).AsSpan().SequenceEqual(raw);
        }
        catch (VainaException)
        {
            return false;
        }
    }

    /// <summary>A re-pull that found the image as stored: Podman's progress lines, the name and digest already there.</summary>
    private ImageRecord Unchanged(ImageRecord local, ImageManifest manifest, ImageReference reference)
    {
        var progress = _options.Progress;
        foreach (var layer in manifest.Layers)
        {
            progress?.Report(new ImageProgress(ImageProgressKind.BlobSkipped, layer.Digest, layer.Size, layer.Size));
        }

        progress?.Report(new ImageProgress(ImageProgressKind.Config, local.ConfigDigest));
        progress?.Report(new ImageProgress(ImageProgressKind.WritingManifest));
        var digest = $"{reference.Name}@{local.ManifestDigest}";
        if (!local.Digests.Contains(digest))
        {
            _writer.Images.AddDigest(local.Id, digest);
            local = _writer.Images.TryGetById(local.Id) ?? local;
        }

        progress?.Report(new ImageProgress(ImageProgressKind.StoringSignatures));
        return local;
    }

    /// <summary>The registry client for a host, created on first use and kept for this command.</summary>
    /// <param name="insecure">A mirror's own <c>insecure</c> setting; null = the registry's.</param>
    public RegistryClient ClientFor(string registry, bool? insecure = null)
    {
        var key = insecure is null ? registry : $"{registry}|{insecure}";
        lock (_clients)
        {
            if (!_clients.TryGetValue(key, out var client))
            {
                var options = _options.Registry;
                if (insecure == true && options.TlsVerify is null)
                {
                    options = new RegistryClientOptions
                    {
                        TlsVerify = false,
                        CertDir = options.CertDir,
                        CertsDRoots = options.CertsDRoots,
                        Credentials = options.Credentials,
                        CredentialSource = options.CredentialSource,
                        IsInsecureRegistry = options.IsInsecureRegistry,
                        IsBlockedRegistry = options.IsBlockedRegistry,
                        UserAgent = options.UserAgent,
                        MaxRetries = options.MaxRetries,
                        RetryDelay = options.RetryDelay,
                        ConnectTimeout = options.ConnectTimeout,
                    };
                }

                client = new RegistryClient(registry, options);
                _clients[key] = client;
            }

            return client;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    private async Task<IReadOnlyList<ImageRecord>> PullAllTagsAsync(string name, CancellationToken ct)
    {
        var reference = ImageReference.ParseNormalized(name);
        if (!reference.IsNameOnly)
        {
            throw new VainaException("tag can't be used with --all-tags/-a");
        }

        var client = ClientFor(reference.Domain);
        IReadOnlyList<string> tags;
        try
        {
            tags = await client.ListTagsAsync(reference.Path, ct).ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            throw new VainaException($"initializing source docker://{reference}: {e.Message}", inner: e);
        }

        var images = new List<ImageRecord>();
        foreach (var tag in tags)
        {
            images.Add(await PullReferenceAsync(reference.WithTag(tag), ct).ConfigureAwait(false));
        }

        return images;
    }

    private ImageRecord? FindLocal(ImageReference reference)
    {
        var record = reference.Digest is not null
            ? _writer.Images.TryGet($"{reference.Name}@{reference.Digest}")
            : _writer.Images.TryGetByName(reference.WithDefaultTag().ToString());
        if (record is null)
        {
            return null;
        }

        if (_options.PlatformExplicit && (record.Architecture != _options.Platform.Architecture || record.Os != _options.Platform.OS))
        {
            return null;
        }

        return record;
    }
}
