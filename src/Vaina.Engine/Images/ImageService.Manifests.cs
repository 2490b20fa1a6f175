using System.Text;
using System.Text.Json.Nodes;
using Vaina.Images.Manifests;
using Vaina.Images.Push;
using Vaina.Images.References;
using Vaina.Images.Registry;
using Vaina.Images.Transports;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>The list's stored name (localhost/ for names without a registry, :latest).</summary>
    public static string ManifestListName(string name)
    {
        try
        {
            return ImageReference.NormalizeLocalName(name).ToString();
        }
        catch (InvalidReferenceException e)
        {
            throw new VainaException($"{name}: {e.Message}", inner: e);
        }
    }

    /// <summary>`manifest exists`: a local image that is a manifest list.</summary>
    public bool ManifestExists(string name) => TryResolveRecord(name) is { IsManifestList: true };

    /// <summary>
    /// The local manifest list a name denotes (libimage's LookupManifestList): "NAME: image not known" (exit 1) when
    /// nothing matches, "NAME: image is not a manifest list" for an image.
    /// </summary>
    public ImageRecord ResolveManifestList(string name)
    {
        var record = TryResolveRecord(name) ?? throw new VainaException($"{name}: image not known", 1);
        if (!record.IsManifestList)
        {
            string shown = name;
            try
            {
                var normalized = ImageReference.NormalizeLocalName(name).ToString();
                shown = record.Names.FirstOrDefault(n => n == normalized || n.EndsWith("/" + normalized[(normalized.IndexOf('/') + 1)..], StringComparison.Ordinal)) ?? name;
            }
            catch (InvalidReferenceException)
            {
            }

            throw new VainaException($"{shown}: image is not a manifest list");
        }

        return record;
    }

    private (ImageRecord List, ImageIndex Index, Dictionary<string, string> Instances) ReadList(string name)
    {
        var list = ResolveManifestList(name);
        var raw = Store.GetBigData(list.Id, "manifest") ?? throw new VainaException($"{name}: manifest list {list.Id} has no manifest");
        var index = ManifestParser.Parse(raw).Index ?? throw new VainaException($"{name}: image is not a manifest list");
        index.Manifests ??= [];
        return (list, index, ManifestListDocument.ParseInstances(Store.GetBigData(list.Id, "instances.json")));
    }

    private string SaveList(ImageRecord list, ImageIndex index, Dictionary<string, string> instances, bool emptyAsNull = true)
    {
        // containers/common records the list's own id under "" from its second save on.
        instances[string.Empty] = list.Id;
        Store.UpdateManifestList(list.Id, ManifestListDocument.Serialize(index, emptyAsNull), ManifestListDocument.StoredMediaType(index), ManifestListDocument.SerializeInstances(instances));
        return list.Id;
    }

    /// <summary>`manifest create LIST [IMAGE...]`: an empty list (or with the images added); returns its id.</summary>
    public async Task<string> ManifestCreateAsync(string name, IReadOnlyList<string> images, bool all, bool amend, ImagePullRequest registry, CancellationToken ct)
    {
        var full = ManifestListName(name);
        var existing = Store.TryGetByName(full);
        string id;
        if (existing is not null && !(amend && existing.IsManifestList))
        {
            throw new VainaException($"creating manifest: image name \"{full}\" is already associated with image \"{existing.Id}\": that name is already in use");
        }

        if (existing is not null)
        {
            id = existing.Id;
        }
        else
        {
            var empty = new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.DockerManifestList };
            id = Store.CreateManifestList(full, ManifestListDocument.Serialize(empty, emptyAsNull: true), MediaTypes.DockerManifestList, ManifestListDocument.SerializeInstances(new Dictionary<string, string>())).Id;
        }

        foreach (var image in images)
        {
            id = await ManifestAddAsync(id, image, all, null, null, null, [], registry, ct).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>
    /// `manifest add LIST IMAGE`: from local storage (containers-storage:, or a name found locally) or a registry
    /// (docker://, or a name not found locally). The instance map records where each entry came from, as Podman's
    /// instances.json does, so that `manifest push` can copy entries that are not stored locally.
    /// </summary>
    public async Task<string> ManifestAddAsync(string list, string image, bool all, string? os, string? arch, string? variant, IReadOnlyList<string> annotations, ImagePullRequest registry, CancellationToken ct)
    {
        var (record, index, instances) = ReadList(list);
        var added = new List<Descriptor>();
        var transport = TransportParser.TransportOf(image);
        var local = transport == TransportKind.ContainersStorage ? Resolve(image["containers-storage:".Length..])
            : transport is null ? TryResolve(image) : null;
        string source;
        if (local is not null)
        {
            var raw = GetManifestBytes(local);
            var config = GetConfig(local);
            added.Add(new Descriptor
            {
                MediaType = local.ManifestMediaType,
                Digest = local.ManifestDigest,
                Size = raw.Length,
                Platform = new Platform { OS = config.OS, Architecture = config.Architecture, Variant = config.Variant },
            });
            source = transport == TransportKind.ContainersStorage ? image : "docker://" + ImageReference.NormalizeLocalName(image).WithDefaultTag();
        }
        else
        {
            var name = image.StartsWith("docker://", StringComparison.Ordinal) ? image[9..] : image;
            var reference = ImageReference.ParseNormalized(name).WithDefaultTag();
            source = "docker://" + reference;
            using var client = new RegistryClient(reference.Domain, RegistryOptions(registry.AuthFile, registry.Credentials, registry.CertDir, registry.TlsVerify));
            var manifest = await client.GetManifestAsync(reference.Path, reference.ManifestReference, ct).ConfigureAwait(false);
            if (manifest.IsIndex)
            {
                var wanted = all ? manifest.Index!.Manifests
                    : [PlatformSelector.Select(manifest.Index!, PlatformSpec.FromOptions(registry.Platform, registry.Os, registry.Architecture, registry.Variant), manifest.MediaType)];
                added.AddRange(wanted.Select(d => new Descriptor { MediaType = d.MediaType, Digest = d.Digest, Size = d.Size, Platform = d.Platform }));
            }
            else
            {
                var configRaw = await client.GetBlobBytesAsync(reference.Path, Vaina.Storage.Digest.Parse(manifest.Image!.Config.Digest), manifest.Image.Config.Size, ct).ConfigureAwait(false);
                var config = ManifestParser.ParseConfig(configRaw);
                added.Add(new Descriptor
                {
                    MediaType = manifest.MediaType,
                    Digest = manifest.Digest.ToString(),
                    Size = manifest.Raw.Length,
                    Platform = new Platform { OS = config.OS, Architecture = config.Architecture, Variant = config.Variant },
                });
            }
        }

        foreach (var d in added)
        {
            d.Platform ??= new Platform();
            if (!string.IsNullOrEmpty(os))
            {
                d.Platform.OS = os;
            }

            if (!string.IsNullOrEmpty(arch))
            {
                d.Platform.Architecture = arch;
            }

            if (!string.IsNullOrEmpty(variant))
            {
                d.Platform.Variant = variant;
            }

            ApplyAnnotations(d, annotations);
            index.Manifests.RemoveAll(m => m.Digest == d.Digest);
            index.Manifests.Add(d);
            instances[d.Digest] = source;
        }

        return SaveList(record, index, instances);
    }

    /// <summary>`manifest annotate LIST DIGEST`.</summary>
    public string ManifestAnnotate(string list, string digest, string? os, string? arch, string? variant, IReadOnlyList<string> annotations)
    {
        var (record, index, instances) = ReadList(list);
        var entry = index.Manifests.FirstOrDefault(m => m.Digest == digest)
            ?? throw new VainaException($"no image with digest {digest} in list {list}");
        entry.Platform ??= new Platform();
        if (!string.IsNullOrEmpty(os))
        {
            entry.Platform.OS = os;
        }

        if (!string.IsNullOrEmpty(arch))
        {
            entry.Platform.Architecture = arch;
        }

        if (!string.IsNullOrEmpty(variant))
        {
            entry.Platform.Variant = variant;
        }

        if (annotations.Count > 0)
        {
            // containers/common replaces the entry's annotations with the given ones.
            entry.Annotations = null;
        }

        ApplyAnnotations(entry, annotations);
        return SaveList(record, index, instances);
    }

    /// <summary>`manifest remove LIST DIGEST`.</summary>
    public string ManifestRemoveEntry(string list, string digest)
    {
        var (record, index, instances) = ReadList(list);
        if (index.Manifests.RemoveAll(m => m.Digest == digest) == 0)
        {
            throw new VainaException($"removing from manifest list {list}: no instance matching digest \"{digest}\" found in manifest list");
        }

        instances.Remove(digest);
        return SaveList(record, index, instances, emptyAsNull: false);
    }

    /// <summary>The list's JSON (manifest inspect), as Podman shows it: in Docker manifest list form.</summary>
    public JsonObject ManifestInspect(string list) => DockerListJson(ReadList(list).Index);

    /// <summary>
    /// `manifest inspect NAME`: the local list, else (as Podman) the manifest in the registry, NAME resolved as a
    /// pull would (short names). A remote list is shown as a Docker manifest list; a Docker image manifest is shown
    /// with Podman's warning on <paramref name="warnings"/>; other single manifests are Podman's error.
    /// </summary>
    public async Task<JsonNode> ManifestInspectAsync(string name, ImagePullRequest request, TextWriter warnings, CancellationToken ct)
    {
        if (TryResolveRecord(name) is { IsManifestList: true })
        {
            return ManifestInspect(name);
        }

        CheckAuthFile(request.AuthFile);
        var registryOptions = RegistryOptions(request.AuthFile, request.Credentials, request.CertDir, request.TlsVerify);
        var resolution = ShortNameResolverFor().Resolve(name.StartsWith("docker://", StringComparison.Ordinal) ? name[9..] : name);
        Exception? latest = null;
        foreach (var candidate in resolution.Candidates)
        {
            var reference = candidate.Reference.WithDefaultTag();
            try
            {
                using var client = new RegistryClient(reference.Domain, registryOptions);
                var (raw, contentType) = await client.GetManifestBytesAsync(reference.Path, reference.ManifestReference, ct).ConfigureAwait(false);
                var parsed = ManifestParser.Parse(raw, contentType);
                if (parsed.Index is { } index)
                {
                    return DockerListJson(index);
                }

                if (parsed.MediaType == MediaTypes.DockerManifest)
                {
                    warnings.WriteLine($"WARN[0000] The manifest type {parsed.MediaType} is not a manifest list but a single image.");
                    return JsonNode.Parse(raw)!;
                }

                throw new VainaException($"parsing manifest blob {GoQuote(Encoding.UTF8.GetString(raw))} as a \"{parsed.MediaType}\": Treating single images as manifest lists is not implemented");
            }
            catch (VainaException e) when (e is RegistryException)
            {
                var error = new VainaException($"reading image \"docker://{reference}\": {e.Message}", inner: e);
                latest = latest is null ? error : new VainaException($"tried {error.Message}: {latest.Message}", inner: error);
            }
        }

        throw latest as VainaException ?? new VainaException($"{name}: image not known");
    }

    /// <summary>`manifest rm LIST`: deletes the list (not its instances); returns its names and id, as `rmi` reports them.</summary>
    public (IReadOnlyList<string> Untagged, string Deleted) ManifestDelete(string list)
    {
        var record = ResolveManifestList(list);
        Store.Delete(record.Id);
        return (record.Names, record.Id);
    }

    /// <summary>
    /// `manifest push LIST DEST` (and `push LIST` when the list has no local instance for this platform): each
    /// locally stored instance is pushed to DEST (possibly recompressed, so the list is rewritten with the pushed
    /// digests); an instance stored elsewhere is copied unchanged from the reference it was added from (blobs
    /// mounted across repositories of one registry, streamed otherwise); then the list itself. Returns the list's digest.
    /// </summary>
    public async Task<string> ManifestPushAsync(string list, string destination, ImagePushRequest request, bool removeAfter, CancellationToken ct)
    {
        var (record, index, instances) = ReadList(list);
        var dest = destination.StartsWith("docker://", StringComparison.Ordinal) ? destination[9..] : destination;
        var target = ImageReference.ParseNormalized(dest).WithDefaultTag();
        var registryOptions = RegistryOptions(request.AuthFile, request.Credentials, request.CertDir, request.TlsVerify);
        var pushed = new ImageIndex { SchemaVersion = 2, MediaType = ManifestListDocument.StoredMediaType(index), Annotations = index.Annotations };
        using var targetClient = new RegistryClient(target.Domain, registryOptions);
        foreach (var entry in index.Manifests)
        {
            var local = Store.TryGetByManifestDigest(entry.Digest);
            if (local is null)
            {
                if (!instances.TryGetValue(entry.Digest, out var from) || !from.StartsWith("docker://", StringComparison.Ordinal))
                {
                    throw new VainaException($"pushing manifest list {list}: instance {entry.Digest} is not stored locally and its source is not known");
                }

                await CopyRemoteInstanceAsync(ImageReference.ParseNormalized(from[9..]), entry, target, targetClient, registryOptions, ct).ConfigureAwait(false);
                pushed.Manifests.Add(entry);
                continue;
            }

            var options = new PushOptions
            {
                Registry = registryOptions,
                CompressionFormat = string.IsNullOrEmpty(request.CompressionFormat) ? "gzip" : request.CompressionFormat,
                ManifestFormat = pushed.MediaType == MediaTypes.OciIndex ? "oci" : "v2s2",
            };
            var digest = await new ImagePusher(CreateWriter(), options).PushAsync(local.Id, target.ToString(), ct).ConfigureAwait(false);
            var raw = await targetClient.GetManifestBytesAsync(target.Path, digest.ToString(), ct).ConfigureAwait(false);
            pushed.Manifests.Add(new Descriptor
            {
                MediaType = ManifestParser.DetectMediaType(raw.Raw, raw.ContentType),
                Digest = digest.ToString(),
                Size = raw.Raw.Length,
                Platform = entry.Platform,
                Annotations = entry.Annotations,
                Urls = entry.Urls,
            });
        }

        var indexRaw = ManifestListDocument.Serialize(pushed, emptyAsNull: false);
        var listDigest = await targetClient.PutManifestAsync(target.Path, target.ManifestReference, indexRaw, pushed.MediaType!, ct).ConfigureAwait(false);
        if (request.DigestFile is { } file)
        {
            await File.WriteAllTextAsync(file, listDigest.ToString(), ct).ConfigureAwait(false);
        }

        if (removeAfter)
        {
            Store.Delete(record.Id);
        }

        return listDigest.ToString();
    }

    /// <summary>Copies one image manifest and its blobs from a registry to the target repository, keeping its digest.</summary>
    private static async Task CopyRemoteInstanceAsync(ImageReference source, Descriptor entry, ImageReference target, RegistryClient targetClient, RegistryClientOptions options, CancellationToken ct)
    {
        using var sourceClient = new RegistryClient(source.Domain, options);
        var (raw, contentType) = await sourceClient.GetManifestBytesAsync(source.Path, entry.Digest, ct).ConfigureAwait(false);
        var actual = Vaina.Storage.Digest.Of(raw);
        if (actual != entry.Digest)
        {
            throw new VainaException($"Digest did not match, expected {entry.Digest}, got {actual}");
        }

        var parsed = ManifestParser.Parse(raw, contentType);
        var manifest = parsed.Image ?? throw new VainaException($"instance {entry.Digest} of the list is itself a list: not supported");
        foreach (var blob in manifest.Layers.Prepend(manifest.Config))
        {
            var digest = Vaina.Storage.Digest.Parse(blob.Digest);
            if (await targetClient.HeadBlobAsync(target.Path, digest, ct, forPush: true).ConfigureAwait(false) is not null)
            {
                continue;
            }

            if (source.Domain == target.Domain && await targetClient.MountBlobAsync(target.Path, digest, source.Path, ct).ConfigureAwait(false))
            {
                continue;
            }

            using var stream = await sourceClient.GetBlobAsync(source.Path, digest, blob.Size, null, ct).ConfigureAwait(false);
            await targetClient.UploadBlobAsync(target.Path, digest, stream, blob.Size, ct).ConfigureAwait(false);
        }

        await targetClient.PutManifestAsync(target.Path, entry.Digest, raw, parsed.MediaType, ct).ConfigureAwait(false);
    }

    /// <summary>containers/image's Schema2List of an index: Docker's media type and field order, no annotations.</summary>
    private static JsonObject DockerListJson(ImageIndex index)
    {
        var manifests = new JsonArray();
        foreach (var entry in index.Manifests)
        {
            var item = new JsonObject { ["mediaType"] = entry.MediaType, ["size"] = entry.Size, ["digest"] = entry.Digest };
            if (entry.Urls is { Count: > 0 } urls)
            {
                item["urls"] = new JsonArray([.. urls.Select(u => (JsonNode?)JsonValue.Create(u))]);
            }

            var platform = new JsonObject { ["architecture"] = entry.Platform?.Architecture ?? string.Empty, ["os"] = entry.Platform?.OS ?? string.Empty };
            if (entry.Platform?.OSVersion is { Length: > 0 } version)
            {
                platform["os.version"] = version;
            }

            if (entry.Platform?.OSFeatures is { Count: > 0 } features)
            {
                platform["os.features"] = new JsonArray([.. features.Select(f => (JsonNode?)JsonValue.Create(f))]);
            }

            if (entry.Platform?.Variant is { Length: > 0 } variant)
            {
                platform["variant"] = variant;
            }

            item["platform"] = platform;
            manifests.Add((JsonNode)item);
        }

        return new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.DockerManifestList, ["manifests"] = manifests };
    }

    /// <summary>Go's %q of a string (the quoting Podman's error texts use).</summary>
    private static string GoQuote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    private static void ApplyAnnotations(Descriptor d, IReadOnlyList<string> annotations)
    {
        foreach (var a in annotations)
        {
            int eq = a.IndexOf('=');
            if (eq <= 0)
            {
                throw new VainaException($"no value given for annotation \"{a}\"");
            }

            d.Annotations ??= [];
            d.Annotations[a[..eq]] = a[(eq + 1)..];
        }
    }
}
