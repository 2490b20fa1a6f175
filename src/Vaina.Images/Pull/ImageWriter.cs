using Vaina.Images.Manifests;
using Vaina.Images.Registry;
using Vaina.Storage.Blobs;
using Vaina.Storage.Images;
using Vaina.Storage.Layers;

namespace Vaina.Images.Pull;

/// <summary>
/// Writes one image into the store from a source of blobs (a registry, an archive, a layout): layers that are
/// missing are copied in parallel (bounded), each streamed through digest verification and decompression into
/// <see cref="LayerStore.Apply"/>; then the image record, manifest and config are stored in one transaction.
/// Nothing is visible before that last step, and the layer store cleans its own temp dirs after a crash.
/// </summary>
public sealed class ImageWriter
{
    private readonly LayerStore _layers;
    private readonly ImageStore _images;

    public ImageWriter(LayerStore layers, ImageStore images, BlobStore blobs)
    {
        _layers = layers;
        _images = images;
        Blobs = blobs;
    }

    public BlobStore Blobs { get; }

    public ImageStore Images => _images;

    public LayerStore Layers => _layers;

    /// <summary>
    /// Keep each pulled compressed layer blob in the BlobStore (under its digest), so push and save can reproduce
    /// the exact original layer (same diffIDs, image id and blob digests) instead of regenerating the tar.
    /// Costs the blob size on disk (uncompressed for loaded archives). Default on.
    /// </summary>
    public bool KeepLayerBlobs { get; set; } = true;

    /// <summary>Opens a layer blob (compressed, as described) wrapped in digest verification.</summary>
    public delegate Task<DigestVerifyingStream> BlobOpener(Descriptor layer, Action<long> onBytes, CancellationToken ct);

    public async Task<ImageRecord> WriteAsync(
        ImageManifest manifest,
        byte[] manifestRaw,
        string manifestMediaType,
        byte[] configRaw,
        IReadOnlyList<string> names,
        IReadOnlyList<string> digests,
        BlobOpener openBlob,
        int maxParallel,
        IProgress<ImageProgress>? progress,
        CancellationToken ct,
        IReadOnlyList<BigDataItem>? bigData = null)
    {
        var config = ManifestParser.ParseConfig(configRaw);
        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw new VainaException($"image has {manifest.Layers.Count} layers in its manifest but {diffIds.Count} diff_ids in its configuration");
        }

        foreach (var diffId in diffIds)
        {
            if (!Digest.IsValid(diffId))
            {
                throw new VainaException($"invalid diff_id \"{diffId}\" in image configuration");
            }
        }

        var chainIds = Digest.ChainIds(diffIds);
        using var gate = new SemaphoreSlim(Math.Max(1, maxParallel));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = new List<Task<long>>();
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();
        long[] sizes;
        try
        {
            for (int i = 0; i < manifest.Layers.Count; i++)
            {
                var layer = manifest.Layers[i];
                var digest = Digest.Parse(layer.Digest);
                var chainId = chainIds[i];
                var parent = i == 0 ? null : chainIds[i - 1];
                var diffId = diffIds[i];
                if (_layers.TryGet(chainId) is { } existing)
                {
                    progress?.Report(new ImageProgress(ImageProgressKind.BlobSkipped, layer.Digest, layer.Size, layer.Size));
                    tasks.Add(Task.FromResult(existing.Size));
                    continue;
                }

                // Acquire in layer order so a parent always has a slot before its children (vfs waits for parents).
                await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                tasks.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            progress?.Report(new ImageProgress(ImageProgressKind.BlobStarted, layer.Digest, 0, layer.Size));
                            long copied = 0;
                            var verifying = await openBlob(
                                layer,
                                n =>
                                {
                                    copied += n;
                                    progress?.Report(new ImageProgress(ImageProgressKind.BlobBytes, layer.Digest, copied, layer.Size));
                                },
                                failed.Token).ConfigureAwait(false);
                            string? keep = null;
                            // Kept compressed or not: an uncompressed one (a loaded archive) is the only way to give push and
                            // save the exact original tar again, so the diff_ids and the image id survive save -> load -> push.
                            if (KeepLayerBlobs && !Blobs.Exists(digest.ToString()))
                            {
                                Directory.CreateDirectory(Blobs.Root);
                                keep = Path.Combine(Blobs.Root, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
                                verifying.Copy = new FileStream(keep, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                            }

                            LayerRecord record;
                            try
                            {
                                // The decompressors read their input 8 KiB at a time; the buffer makes that one 256 KiB
                                // socket read instead of 32 (the bytes in it are already hashed, so draining
                                // `verifying` directly at the end still covers the whole blob).
                                var buffered = new BufferedStream(verifying, 1 << 18);
                                using (var tar = new VerifyBeforeEndStream(LayerDecompression.Open(buffered, layer.MediaType), verifying))
                                {
                                    try
                                    {
                                        record = _layers.Apply(parent, diffId, tar, digest.ToString(), layer.Size, failed.Token);
                                    }
                                    catch (IOException e) when (IsNoSpace(e))
                                    {
                                        throw new VainaException($"adding layer with blob \"{layer.Digest}\": write {PathIn(e.Message)}: no space left on device", inner: e);
                                    }
                                }

                                created.Add(record.Id);

                                if (keep is not null)
                                {
                                    verifying.Copy!.Dispose();
                                    if (verifying.IsVerified)
                                    {
                                        File.Move(keep, Blobs.PathOf(digest.ToString()), overwrite: true);
                                    }
                                }
                            }
                            finally
                            {
                                try
                                {
                                    verifying.Copy?.Dispose();
                                }
                                catch (IOException)
                                {
                                    // Flushing the copy can fail again on a full disk; the temp file goes anyway.
                                }

                                if (keep is not null)
                                {
                                    File.Delete(keep);
                                }
                            }

                            progress?.Report(new ImageProgress(ImageProgressKind.BlobDone, layer.Digest, layer.Size, layer.Size));
                            return record.Size;
                        }
                        catch
                        {
                            await failed.CancelAsync().ConfigureAwait(false);
                            throw;
                        }
                        finally
                        {
                            gate.Release();
                        }
                    },
                    failed.Token));
            }

            sizes = await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (RemoveCreated(created, chainIds))
        {
            throw;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Report the layer failure, not the cancellations it caused in the others.
            var first = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault();
            if (first is not null)
            {
                throw first;
            }

            throw;
        }

        progress?.Report(new ImageProgress(ImageProgressKind.Config, Digest.Sha256(configRaw).ToString()));
        progress?.Report(new ImageProgress(ImageProgressKind.WritingManifest));
        var configDigest = Digest.Sha256(configRaw);
        var image = new ImageRecord
        {
            Id = configDigest.Encoded,
            Names = names.Distinct(StringComparer.Ordinal).ToList(),
            Digests = digests.Distinct(StringComparer.Ordinal).ToList(),
            LayerIds = chainIds.ToList(),
            ManifestDigest = Digest.Sha256(manifestRaw).ToString(),
            ManifestMediaType = manifestMediaType,
            Size = sizes.Sum(),
            Created = config.Created ?? DateTimeOffset.UnixEpoch,
            Architecture = config.Architecture,
            Os = config.OS,
        };
        ImageRecord stored;
        try
        {
            stored = _images.Create(image, manifestRaw, configRaw, bigData);
        }
        catch (Exception) when (RemoveCreated(created, chainIds))
        {
            throw;
        }

        progress?.Report(new ImageProgress(ImageProgressKind.StoringSignatures));
        return stored;
    }

    /// <summary>
    /// A failed write leaves nothing behind: the layers it created (top first) go again unless something else
    /// started using them meanwhile. Always false, so that it can run in an exception filter.
    /// </summary>
    private bool RemoveCreated(System.Collections.Concurrent.ConcurrentBag<string> created, IReadOnlyList<string> chainIds)
    {
        var mine = created.ToHashSet(StringComparer.Ordinal);
        for (int i = chainIds.Count - 1; i >= 0; i--)
        {
            if (!mine.Contains(chainIds[i]))
            {
                continue;
            }

            try
            {
                if (!_layers.IsInUse(chainIds[i]))
                {
                    _layers.Delete(chainIds[i]);
                }
            }
            catch (Exception e) when (e is VainaException or IOException or UnauthorizedAccessException)
            {
                // Best effort: a layer kept here is reused by the next pull.
            }
        }

        return false;
    }

    private static bool IsNoSpace(IOException e) => e.HResult == 28 || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path .NET quotes in an IOException message ("... : '/path'"), or "file".</summary>
    private static string PathIn(string message)
    {
        int start = message.IndexOf('\'');
        int end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : "file";
    }
}
