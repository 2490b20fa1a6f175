using System.Text;
using System.Text.Json.Nodes;
using Vaina.Images.Manifests;
using Vaina.Images.Push;
using Vaina.Images.References;
using Vaina.Images.Registry;
using Vaina.Images.Transports;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    private ManifestListStore Lists => new(_engine.Store.Options.GraphRoot);

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

    public bool ManifestExists(string name) => Lists.Exists(ManifestListName(name));

    /// <summary>`manifest create LIST [IMAGE...]`: an empty list (or with the images added); returns its id.</summary>
    public async Task<string> ManifestCreateAsync(string name, IReadOnlyList<string> images, bool all, bool amend, ImagePullRequest registry, CancellationToken ct)
    {
        var full = ManifestListName(name);
        if (Lists.Exists(full) && !amend)
        {
            throw new VainaException($"creating manifest: image name \"{full}\" is already associated with image \"{Lists.Read(full).Id}\": that name is already in use");
        }

        var id = Lists.Exists(full) ? Lists.Read(full).Id : Lists.Write(full, new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.DockerManifestList });
        foreach (var image in images)
        {
            id = await ManifestAddAsync(full, image, all, null, null, null, [], registry, ct).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>`manifest add LIST IMAGE`: from a registry (docker:// or a name not found locally) or local storage (containers-storage: or a local name).</summary>
    public async Task<string> ManifestAddAsync(string list, string image, bool all, string? os, string? arch, string? variant, IReadOnlyList<string> annotations, ImagePullRequest registry, CancellationToken ct)
    {
        var full = ManifestListName(list);
        var (_, index) = Lists.Read(full);
        var added = new List<Descriptor>();
        var transport = TransportParser.TransportOf(image);
        var local = transport == TransportKind.ContainersStorage ? Resolve(image["containers-storage:".Length..])
            : transport is null ? TryResolve(image) : null;
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
        }
        else
        {
            var name = image.StartsWith("docker://", StringComparison.Ordinal) ? image[9..] : image;
            var reference = ImageReference.ParseNormalized(name).WithDefaultTag();
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
        }

        return Lists.Write(full, index);
    }

    /// <summary>`manifest annotate LIST DIGEST`.</summary>
    public string ManifestAnnotate(string list, string digest, string? os, string? arch, string? variant, IReadOnlyList<string> annotations)
    {
        var full = ManifestListName(list);
        var (_, index) = Lists.Read(full);
        var entry = index.Manifests.FirstOrDefault(m => m.Digest == digest)
            ?? throw new VainaException($"no image with digest {digest} in list {full}");
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

        ApplyAnnotations(entry, annotations);
        return Lists.Write(full, index);
    }

    /// <summary>`manifest remove LIST DIGEST`.</summary>
    public string ManifestRemoveEntry(string list, string digest)
    {
        var full = ManifestListName(list);
        var (_, index) = Lists.Read(full);
        if (index.Manifests.RemoveAll(m => m.Digest == digest) == 0)
        {
            throw new VainaException($"removing from manifest list {full}: no instance matching digest \"{digest}\" found in manifest list");
        }

        return Lists.Write(full, index);
    }

    /// <summary>The list's JSON (manifest inspect), as Podman shows it: in Docker manifest list form.</summary>
    public JsonObject ManifestInspect(string list) => DockerListJson(Lists.Read(ManifestListName(list)).Index);

    /// <summary>
    /// `manifest inspect NAME`: the local list, else (as Podman) the manifest in the registry, NAME resolved as a
    /// pull would (short names). A remote list is shown as a Docker manifest list; a Docker image manifest is shown
    /// with Podman's warning on <paramref name="warnings"/>; other single manifests are Podman's error.
    /// </summary>
    public async Task<JsonNode> ManifestInspectAsync(string name, ImagePullRequest request, TextWriter warnings, CancellationToken ct)
    {
        if (Lists.Exists(ManifestListName(name)))
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

    /// <summary>`manifest rm LIST...`: returns false for a list that does not exist.</summary>
    public bool ManifestDelete(string list) => Lists.Delete(ManifestListName(list));

    /// <summary>
    /// `manifest push LIST DEST`: each local instance is pushed to DEST (the registry gets each manifest, possibly
    /// recompressed, so the list is rewritten with the pushed digests), then the list itself. Returns the list's digest.
    /// </summary>
    public async Task<string> ManifestPushAsync(string list, string destination, ImagePushRequest request, bool removeAfter, CancellationToken ct)
    {
        var full = ManifestListName(list);
        var (_, index) = Lists.Read(full);
        var dest = destination.StartsWith("docker://", StringComparison.Ordinal) ? destination[9..] : destination;
        var target = ImageReference.ParseNormalized(dest).WithDefaultTag();
        var registryOptions = RegistryOptions(request.AuthFile, request.Credentials, request.CertDir, request.TlsVerify);
        var pushed = new ImageIndex { SchemaVersion = 2, MediaType = index.MediaType ?? MediaTypes.DockerManifestList, Annotations = index.Annotations };
        foreach (var entry in index.Manifests)
        {
            var local = Store.List().FirstOrDefault(i => i.ManifestDigest == entry.Digest || i.Digests.Any(d => d.EndsWith("@" + entry.Digest, StringComparison.Ordinal)));
            if (local is null)
            {
                // Not stored locally: it must already be in the destination repository.
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
            using var client = new RegistryClient(target.Domain, registryOptions);
            var raw = await client.GetManifestBytesAsync(target.Path, digest.ToString(), ct).ConfigureAwait(false);
            pushed.Manifests.Add(new Descriptor
            {
                MediaType = ManifestParser.DetectMediaType(raw.Raw, raw.ContentType),
                Digest = digest.ToString(),
                Size = raw.Raw.Length,
                Platform = entry.Platform,
                Annotations = entry.Annotations,
            });
        }

        var indexRaw = ManifestParser.Serialize(pushed);
        using (var client = new RegistryClient(target.Domain, registryOptions))
        {
            var listDigest = await client.PutManifestAsync(target.Path, target.ManifestReference, indexRaw, pushed.MediaType!, ct).ConfigureAwait(false);
            if (request.DigestFile is { } file)
            {
                await File.WriteAllTextAsync(file, listDigest.ToString(), ct).ConfigureAwait(false);
            }

            if (removeAfter)
            {
                Lists.Delete(full);
            }

            return listDigest.ToString();
        }
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
