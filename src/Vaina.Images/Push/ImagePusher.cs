using System.IO.Compression;
using System.Security.Cryptography;
using Vaina.Images.Archives;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.References;
using Vaina.Images.Registry;

namespace Vaina.Images.Push;

/// <summary>
/// <c>push</c>: copies a stored image to a registry. Each layer is written out from the store, compressed
/// (gzip or zstd), skipped when the registry already has the blob (HEAD) or mounted from another repository
/// of the same registry the image came from, else uploaded; then the config and the manifest (PUT).
/// </summary>
public sealed class ImagePusher
{
    private readonly ImageWriter _store;
    private readonly PushOptions _options;

    public ImagePusher(ImageWriter store, PushOptions options)
    {
        _store = store;
        _options = options;
    }

    /// <summary>Pushes <paramref name="source"/> (name or id) to <paramref name="destination"/>; returns the manifest digest.</summary>
    public async Task<Digest> PushAsync(string source, string destination, CancellationToken ct)
    {
        if (destination.StartsWith("docker://", StringComparison.Ordinal))
        {
            destination = destination["docker://".Length..];
        }

        var target = ImageReference.ParseNormalized(destination).WithDefaultTag();
        bool zstd = _options.CompressionFormat switch
        {
            "gzip" or "" => false,
            "zstd" or "zstd:chunked" => true,
            _ => throw new VainaException($"unsupported compression format {_options.CompressionFormat}"),
        };
        using var exporter = new ImageExporter(_store);
        var (image, configRaw, layers) = exporter.Export(source, ct);
        var storedType = image.ManifestMediaType;
        bool oci = _options.ManifestFormat switch
        {
            "oci" => true,
            "v2s2" or "docker" => false,
            null => zstd || storedType != MediaTypes.DockerManifest,
            _ => throw new VainaException($"unknown format \"{_options.ManifestFormat}\". Choose one of the supported formats: 'oci', 'v2s1', or 'v2s2'"),
        };
        if (zstd && !oci)
        {
            throw new VainaException("zstd compression is not supported for docker images");
        }

        using var client = new RegistryClient(target.Domain, _options.Registry);
        var progress = _options.Progress;
        progress?.Report(new ImageProgress(ImageProgressKind.GettingSignatures));
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig, Digest = Digest.Sha256(configRaw).ToString(), Size = configRaw.Length },
        };
        var mountSources = image.Digests.Select(d => ImageReference.TryParse(d, out var r) ? r : null).OfType<ImageReference>().Where(r => r.Domain == target.Domain && r.Path != target.Path).Select(r => r.Path).Distinct().ToList();
        try
        {
            foreach (var layer in layers)
            {
                var compressed = Path.Combine(exporter.TempDir, Path.GetFileNameWithoutExtension(layer.TarPath) + (zstd ? ".zst" : ".gz"));
                if (layer.CompressedBlob is { } kept && IsCompressedAs(_store.Blobs.PathOf(kept), zstd))
                {
                    // Reuse the pulled blob: same digest as at the source, so registries dedupe it and ids stay stable.
                    compressed = _store.Blobs.PathOf(kept);
                }
                else
                {
                    Compress(layer.TarPath, compressed, zstd, ct);
                }

                Digest digest;
                await using (var read = File.OpenRead(compressed))
                {
                    digest = Digest.FromSha256Hash(await SHA256.HashDataAsync(read, ct).ConfigureAwait(false));
                }

                long size = new FileInfo(compressed).Length;
                progress?.Report(new ImageProgress(ImageProgressKind.BlobStarted, digest.ToString(), 0, size));
                if (await client.HeadBlobAsync(target.Path, digest, ct, forPush: true).ConfigureAwait(false) is null)
                {
                    bool mounted = false;
                    foreach (var from in mountSources)
                    {
                        if (await client.MountBlobAsync(target.Path, digest, from, ct).ConfigureAwait(false))
                        {
                            mounted = true;
                            break;
                        }
                    }

                    if (!mounted)
                    {
                        await using var upload = File.OpenRead(compressed);
                        await client.UploadBlobAsync(target.Path, digest, upload, size, ct).ConfigureAwait(false);
                    }
                }

                progress?.Report(new ImageProgress(ImageProgressKind.BlobDone, digest.ToString(), size, size));
                manifest.Layers.Add(new Descriptor
                {
                    MediaType = oci ? (zstd ? MediaTypes.OciLayerZstd : MediaTypes.OciLayerGzip) : MediaTypes.DockerLayerGzip,
                    Digest = digest.ToString(),
                    Size = size,
                });
            }

            var configDigest = Digest.Sha256(configRaw);
            progress?.Report(new ImageProgress(ImageProgressKind.Config, configDigest.ToString()));
            if (await client.HeadBlobAsync(target.Path, configDigest, ct, forPush: true).ConfigureAwait(false) is null)
            {
                using var configStream = new MemoryStream(configRaw, writable: false);
                await client.UploadBlobAsync(target.Path, configDigest, configStream, configRaw.Length, ct).ConfigureAwait(false);
            }

            progress?.Report(new ImageProgress(ImageProgressKind.WritingManifest));
            var manifestRaw = ManifestParser.Serialize(manifest);
            var manifestDigest = await client.PutManifestAsync(target.Path, target.ManifestReference, manifestRaw, manifest.MediaType!, ct).ConfigureAwait(false);
            progress?.Report(new ImageProgress(ImageProgressKind.StoringSignatures));
            if (_options.DigestFile is { } file)
            {
                await File.WriteAllTextAsync(file, manifestDigest.ToString(), ct).ConfigureAwait(false);
            }

            return manifestDigest;
        }
        catch (RegistryException e)
        {
            throw new VainaException($"trying to reuse blob or writing to docker://{target}: {e.Message}", inner: e);
        }
    }

    private static bool IsCompressedAs(string path, bool zstd)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        int n = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        return zstd
            ? n == 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd
            : n >= 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    private static void Compress(string tarPath, string output, bool zstd, CancellationToken ct)
    {
        using var input = File.OpenRead(tarPath);
        using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using Stream compressor = zstd ? new ZstdSharp.CompressionStream(file, 3, leaveOpen: true) : new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
        input.CopyToAsync(compressor, 1 << 16, ct).GetAwaiter().GetResult();
    }
}
