using System.Formats.Tar;
using System.Text.Json;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.References;
using Vaina.Images.Registry;
using Vaina.Images.Transports;
using Vaina.Storage.Images;
using Vaina.Storage.Layers;

namespace Vaina.Images.Archives;

/// <summary>
/// <c>load</c> and pulls from file transports: docker-archive, oci-archive (compressed or not) and OCI layout
/// directories. Archives are unpacked into a temp dir next to nothing else and removed afterwards. Names follow
/// Podman 4.3: docker-archive RepoTags; oci-archive the ref.name (or io.containerd.image.name) annotation;
/// an OCI directory is named <c>localhost/PATH:latest</c> after its path.
/// </summary>
public sealed class ImageLoader
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    public const string ContainerdNameAnnotation = "io.containerd.image.name";

    private readonly ImageWriter _writer;

    public ImageLoader(ImageWriter writer)
    {
        _writer = writer;
    }

    public PlatformSpec Platform { get; init; } = PlatformSpec.Host;

    /// <summary><c>load -i PATH</c> (or stdin saved to a file): detects docker-archive, oci-archive or OCI dir.</summary>
    public async Task<IReadOnlyList<ImageRecord>> LoadPathAsync(string path, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            return await LoadAsync(new TransportReference(TransportKind.OciLayout, path, null), progress, ct).ConfigureAwait(false);
        }

        if (!File.Exists(path))
        {
            throw new VainaException($"stat {path}: no such file or directory");
        }

        var temp = ExtractArchive(path);
        try
        {
            if (File.Exists(Path.Combine(temp, "manifest.json")))
            {
                return await LoadDockerDirAsync(temp, null, null, progress, ct).ConfigureAwait(false);
            }

            if (File.Exists(Path.Combine(temp, "index.json")))
            {
                return await LoadOciDirAsync(temp, null, nameAfterPath: null, progress, ct).ConfigureAwait(false);
            }

            throw new VainaException($"payload does not match any of the supported image formats:\n * oci: open {path}/index.json: not a directory\n * oci-archive: loading index: open index.json: no such file or directory\n * docker-archive: loading tar component manifest.json: file does not exist");
        }
        finally
        {
            TryDeleteDirectory(temp);
        }
    }

    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(TransportReference source, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        switch (source.Kind)
        {
            case TransportKind.OciLayout:
                return await LoadOciDirAsync(source.Path!, source.RefName, nameAfterPath: source.Path, progress, ct).ConfigureAwait(false);
            case TransportKind.OciArchive:
            case TransportKind.DockerArchive:
                var temp = ExtractArchive(source.Path!);
                try
                {
                    return source.Kind == TransportKind.OciArchive
                        ? await LoadOciDirAsync(temp, source.RefName, null, progress, ct).ConfigureAwait(false)
                        : await LoadDockerDirAsync(temp, source.Image, source.SourceIndex, progress, ct).ConfigureAwait(false);
                }
                finally
                {
                    TryDeleteDirectory(temp);
                }

            case TransportKind.Directory:
                return await LoadDirTransportAsync(source.Path!, progress, ct).ConfigureAwait(false);
            default:
                throw new VainaException($"transport {TransportReference.TransportName(source.Kind)} cannot be loaded from");
        }
    }

    private async Task<IReadOnlyList<ImageRecord>> LoadOciDirAsync(string dir, string? refName, string? nameAfterPath, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        var indexPath = Path.Combine(dir, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new VainaException($"open {indexPath}: no such file or directory");
        }

        var index = ManifestParser.Parse(File.ReadAllBytes(indexPath), MediaTypes.OciIndex).Index ?? throw new VainaException($"{indexPath}: not an OCI index");
        Descriptor descriptor;
        if (refName is not null)
        {
            descriptor = index.Manifests.FirstOrDefault(m => m.Annotations?.GetValueOrDefault(RefNameAnnotation) == refName)
                ?? throw new VainaException($"no descriptor found for reference \"{refName}\"");
        }
        else if (index.Manifests.Count == 1)
        {
            descriptor = index.Manifests[0];
        }
        else
        {
            // Several entries: either one per platform (an index of images) or several images; pick by platform.
            descriptor = index.Manifests.Any(m => m.Platform is not null)
                ? PlatformSelector.Select(index, Platform, MediaTypes.OciIndex)
                : throw new VainaException($"more than one image in oci, choose an image");
        }

        string? name;
        if (nameAfterPath is not null)
        {
            // Podman 4.3 names an image loaded from an OCI directory after the directory.
            var local = ImageReference.LocalDomain + "/" + Path.GetFullPath(nameAfterPath).TrimEnd('/').TrimStart('/');
            name = ImageReference.TryParse(local.ToLowerInvariant(), out var parsedLocal) && parsedLocal is not null ? parsedLocal.WithDefaultTag().ToString() : null;
        }
        else
        {
            var annotated = descriptor.Annotations?.GetValueOrDefault(ContainerdNameAnnotation) is { Length: > 0 } c ? c : descriptor.Annotations?.GetValueOrDefault(RefNameAnnotation);
            name = annotated is { Length: > 0 } && ImageReference.TryParse(annotated, out _) ? ImageReference.NormalizeLocalName(annotated).ToString() : null;
        }

        var manifestRaw = ReadBlob(dir, descriptor.Digest);
        var parsed = ManifestParser.Parse(manifestRaw, descriptor.MediaType);
        if (parsed.IsIndex)
        {
            var chosen = PlatformSelector.Select(parsed.Index!, Platform, parsed.MediaType);
            manifestRaw = ReadBlob(dir, chosen.Digest);
            parsed = ManifestParser.Parse(manifestRaw, chosen.MediaType);
        }

        var configRaw = ReadBlob(dir, parsed.Image!.Config.Digest);
        var record = await _writer.WriteAsync(
            parsed.Image,
            manifestRaw,
            parsed.MediaType,
            configRaw,
            name is null ? [] : [name],
            [],
            (layer, onBytes, token) => Task.FromResult(OpenVerified(BlobPath(dir, layer.Digest), layer, onBytes)),
            2,
            progress,
            ct).ConfigureAwait(false);
        return [record];
    }

    private async Task<IReadOnlyList<ImageRecord>> LoadDockerDirAsync(string dir, ImageReference? wanted, int? sourceIndex, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        DockerArchiveManifestEntry[] entries;
        try
        {
            entries = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(dir, "manifest.json")), ImagesJsonContext.Default.DockerArchiveManifestEntryArray) ?? [];
        }
        catch (JsonException e)
        {
            throw new VainaException($"decoding tar manifest.json: {e.Message}", inner: e);
        }

        IEnumerable<DockerArchiveManifestEntry> selected = entries;
        if (sourceIndex is { } i)
        {
            selected = i < entries.Length ? [entries[i]] : throw new VainaException($"Invalid source index @{i}, only {entries.Length} manifest items available");
        }
        else if (wanted is not null)
        {
            selected = entries.Where(e => e.RepoTags?.Any(t => ImageReference.TryParseNormalized(t, out var r) && r == wanted) == true).ToList();
            if (!selected.Any())
            {
                throw new VainaException($"Tag \"{wanted}\" not found");
            }
        }

        var results = new List<ImageRecord>();
        foreach (var entry in selected)
        {
            var configRaw = File.ReadAllBytes(SafeJoin(dir, entry.Config));
            var config = ManifestParser.ParseConfig(configRaw);
            var manifest = new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = MediaTypes.DockerManifest,
                Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = Digest.Sha256(configRaw).ToString(), Size = configRaw.Length },
            };
            var layerFiles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var layerPath in entry.Layers)
            {
                var file = SafeJoin(dir, layerPath);
                var (digest, size, mediaType) = DescribeLayerFile(file);
                layerFiles[digest.ToString()] = file;
                manifest.Layers.Add(new Descriptor { MediaType = mediaType, Digest = digest.ToString(), Size = size });
            }

            if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
            {
                throw new VainaException($"invalid docker-archive: {entry.Layers.Count} layers but {config.RootFs.DiffIds.Count} diff_ids");
            }

            var manifestRaw = ManifestParser.Serialize(manifest);
            var names = (entry.RepoTags ?? []).Select(t => ImageReference.ParseNormalized(t).WithDefaultTag().ToString()).ToList();
            results.Add(await _writer.WriteAsync(
                manifest,
                manifestRaw,
                MediaTypes.DockerManifest,
                configRaw,
                names,
                [],
                (layer, onBytes, token) => Task.FromResult(OpenVerified(layerFiles[layer.Digest], layer, onBytes)),
                2,
                progress,
                ct).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<IReadOnlyList<ImageRecord>> LoadDirTransportAsync(string dir, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        var manifestRaw = File.ReadAllBytes(Path.Combine(dir, "manifest.json"));
        var parsed = ManifestParser.Parse(manifestRaw);
        if (parsed.IsIndex)
        {
            throw new VainaException("dir: manifest lists are not supported");
        }

        var configRaw = File.ReadAllBytes(Path.Combine(dir, Digest.Parse(parsed.Image!.Config.Digest).Encoded));
        var record = await _writer.WriteAsync(
            parsed.Image,
            manifestRaw,
            parsed.MediaType,
            configRaw,
            [],
            [],
            (layer, onBytes, token) => Task.FromResult(OpenVerified(Path.Combine(dir, Digest.Parse(layer.Digest).Encoded), layer, onBytes)),
            2,
            progress,
            ct).ConfigureAwait(false);
        return [record];
    }

    private static DigestVerifyingStream OpenVerified(string path, Descriptor layer, Action<long> onBytes)
        => new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Digest.Parse(layer.Digest), layer.Size, onBytes);

    private static (Digest Digest, long Size, string MediaType) DescribeLayerFile(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var head = new byte[4];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var hash = System.Security.Cryptography.SHA256.HashData(stream);
        string mediaType = n >= 2 && head[0] == 0x1f && head[1] == 0x8b ? MediaTypes.DockerLayerGzip
            : n >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd ? MediaTypes.OciLayerZstd
            : "application/vnd.docker.image.rootfs.diff.tar";
        return (Digest.FromSha256Hash(hash), stream.Length, mediaType);
    }

    private static byte[] ReadBlob(string dir, string digest) => File.ReadAllBytes(BlobPath(dir, digest));

    private static string BlobPath(string dir, string digest)
    {
        var d = Digest.Parse(digest);
        return Path.Combine(dir, "blobs", d.Algorithm, d.Encoded);
    }

    private static string SafeJoin(string dir, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(dir, relative));
        if (!full.StartsWith(Path.GetFullPath(dir) + "/", StringComparison.Ordinal))
        {
            throw new VainaException($"invalid path {relative} in archive");
        }

        return full;
    }

    /// <summary>Unpacks a (possibly gzip/zstd-compressed) tar into a new temp dir.</summary>
    internal static string ExtractArchive(string path)
    {
        var temp = Directory.CreateTempSubdirectory("vaina-load-").FullName;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var tar = LayerDecompression.Open(file, null);
            using var reader = new TarReader(tar);
            while (reader.GetNextEntry() is { } entry)
            {
                var target = SafeJoin(temp, entry.Name.TrimStart('/'));
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        entry.ExtractToFile(target, overwrite: true);
                        break;
                    case TarEntryType.SymbolicLink:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        // docker save links duplicate layers to the first copy; resolve inside the archive only.
                        var linkTarget = SafeJoin(temp, Path.GetRelativePath(temp, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(target)!, entry.LinkName))));
                        File.CreateSymbolicLink(target, linkTarget);
                        break;
                    case TarEntryType.HardLink:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.Copy(SafeJoin(temp, entry.LinkName.TrimStart('/')), target, overwrite: true);
                        break;
                }
            }

            return temp;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            TryDeleteDirectory(temp);
            throw new VainaException($"{path}: not a valid image archive: {e.Message}", inner: e);
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }
    }

    internal static void TryDeleteDirectory(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
