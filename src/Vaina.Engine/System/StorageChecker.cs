using Vaina.Engine.Containers;
using Vaina.Linux;
using Vaina.Storage;
using Vaina.Storage.Layers;

namespace Vaina.Engine.System;

/// <summary>
/// `vaina system check`: Podman 5's consistency check of image and container storage (containers/storage
/// Check and Repair, plus vaina's own run root). Layers: directory present, parent known, referenced by an
/// image or container (once older than --max), content equal to the kept blob (not with --quick); layer
/// directories nothing records. Images: config and manifest blobs present and matching their digests, every
/// layer present and undamaged. Containers: image and read-write layer present, the image undamaged; container
/// layers and run-root directories of containers that no longer exist. Repair removes damaged images no
/// container uses and damaged layers; with force also damaged containers (stopped first) and their images.
/// </summary>
public sealed class StorageChecker
{
    /// <summary>Run-root directories younger than this may belong to a container being created right now.</summary>
    private static readonly TimeSpan RunDirGrace = TimeSpan.FromMinutes(1);

    private readonly VainaEngine _engine;

    internal StorageChecker(VainaEngine engine)
    {
        _engine = engine;
    }

    private Store Store => _engine.Store;

    public async Task<StorageCheckReport> CheckAsync(StorageCheckOptions options, CancellationToken ct)
    {
        var report = Check(options, ct);
        if (options.Repair || options.Force)
        {
            await RepairAsync(report, options.Force, ct).ConfigureAwait(false);
        }

        return report;
    }

    private StorageCheckReport Check(StorageCheckOptions options, CancellationToken ct)
    {
        var report = new StorageCheckReport();
        var layers = Store.Layers.List().ToDictionary(l => l.Id, StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var overlay = Store.Layers.Driver == "overlay";

        foreach (var layer in layers.Values)
        {
            ct.ThrowIfCancellationRequested();
            var hex = Digest.Hex(layer.Id);
            if (layer.ParentId is { } parent)
            {
                referenced.Add(parent);
                if (!layers.ContainsKey(parent))
                {
                    StorageCheckReport.Add(report.Layers, hex, $"layer {Digest.Hex(parent)}: layer is missing");
                }
            }

            var content = Store.Layers.ContentPath(layer.Id);
            if (!Directory.Exists(content))
            {
                StorageCheckReport.Add(report.Layers, hex, $"layer {hex}: stat {content}: no such file or directory");
                continue;
            }

            if (!options.Quick && layer.CompressedDigest is { } blob && Store.Blobs.Exists(blob))
            {
                foreach (var problem in LayerContentVerifier.Verify(layer, content, overlay, Store.Blobs.Open(blob), ct))
                {
                    StorageCheckReport.Add(report.Layers, hex, problem);
                }
            }
        }

        var images = Store.Images.List();
        var imageIds = new HashSet<string>(images.Select(i => i.Id), StringComparer.Ordinal);
        foreach (var image in images)
        {
            ct.ThrowIfCancellationRequested();
            CheckBlob(report, image.Id, image.ConfigDigest);
            if (image.ManifestDigest.Length > 0)
            {
                CheckBlob(report, image.Id, image.ManifestDigest);
            }

            var chain = image.LayerIds.Count > 0 ? image.LayerIds : image.TopLayerId.Length > 0 ? [image.TopLayerId] : [];
            foreach (var layerId in chain)
            {
                referenced.Add(layerId);
                if (!layers.ContainsKey(layerId))
                {
                    StorageCheckReport.Add(report.Images, image.Id, $"image {image.Id}: layer {Digest.Hex(layerId)}: image layer is missing");
                }
                else if (report.Layers.TryGetValue(Digest.Hex(layerId), out var damage))
                {
                    damage.ForEach(e => StorageCheckReport.Add(report.Images, image.Id, e));
                }
            }
        }

        var containers = _engine.Containers.Records.List();
        var containerIds = new HashSet<string>(containers.Select(c => c.Id), StringComparer.Ordinal);
        var containerLayers = new HashSet<string>(Store.Containers.List(), StringComparer.Ordinal);
        foreach (var container in containers)
        {
            if (container.ImageId is { Length: > 0 } imageId)
            {
                if (!imageIds.Contains(imageId))
                {
                    StorageCheckReport.Add(report.Containers, container.Id, $"image {imageId}: image missing");
                }
                else if (report.Images.TryGetValue(imageId, out var damage))
                {
                    damage.ForEach(e => StorageCheckReport.Add(report.Containers, container.Id, e));
                }

                var rwDir = Path.Combine(Store.Containers.Root, container.Id);
                if (!containerLayers.Contains(container.Id))
                {
                    StorageCheckReport.Add(report.Containers, container.Id, $"container {container.Id}: layer {container.Id}: layer is missing");
                }
                else if (!Directory.Exists(rwDir))
                {
                    StorageCheckReport.Add(report.Containers, container.Id, $"container {container.Id}: layer {container.Id}: stat {rwDir}: no such file or directory");
                }
            }
        }

        foreach (var id in containerLayers)
        {
            var parent = ParentOfContainerLayer(id);
            if (parent is not null)
            {
                referenced.Add(parent);
            }

            // A build's working container has a layer but no container row while the build runs: --max applies.
            if (!containerIds.Contains(id) && OlderThan(Path.Combine(Store.Containers.Root, id), options.MaxUnreferencedAge))
            {
                StorageCheckReport.Add(report.Layers, id, $"layer {id}: layer not referenced by any images or containers");
            }
        }

        foreach (var layer in layers.Values)
        {
            if (!referenced.Contains(layer.Id) && layer.Created + options.MaxUnreferencedAge <= DateTimeOffset.UtcNow)
            {
                var hex = Digest.Hex(layer.Id);
                StorageCheckReport.Add(report.Layers, hex, $"layer {hex}: layer not referenced by any images or containers");
            }
        }

        CheckUnaccountedDirectories(report, layers, containerLayers, options.MaxUnreferencedAge);
        CheckRunRoot(report, containerIds);
        return report;
    }

    private void CheckBlob(StorageCheckReport report, string imageId, string digest)
    {
        var key = digest;
        if (!Store.Blobs.Exists(digest))
        {
            StorageCheckReport.Add(report.Images, imageId, $"image {imageId}: data item \"{key}\": image data item is missing");
            return;
        }

        using var stream = new DigestingStream(Store.Blobs.Open(digest), leaveOpen: false);
        stream.Drain();
        if (stream.CurrentDigest() != digest)
        {
            StorageCheckReport.Add(report.Images, imageId, $"image {imageId}: data item \"{key}\": image data item has incorrect digest");
        }
    }

    /// <summary>Layer and container-layer directories no DB row records (a crash between the two, or a hand-made copy).</summary>
    private void CheckUnaccountedDirectories(StorageCheckReport report, Dictionary<string, LayerRecord> layers, HashSet<string> containerLayers, TimeSpan maxAge)
    {
        var known = new HashSet<string>(layers.Keys.Select(Digest.Hex), StringComparer.Ordinal);
        foreach (var dir in ListDirectories(Store.Layers.Root))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 64 && name.All(char.IsAsciiHexDigitLower) && !known.Contains(name) && OlderThan(dir, RunDirGrace))
            {
                StorageCheckReport.Add(report.Layers, name, $"layer {name}: layer in lower level storage driver not accounted for");
            }
        }

        foreach (var dir in ListDirectories(Store.Containers.Root))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 64 && name.All(char.IsAsciiHexDigitLower) && !containerLayers.Contains(name) && OlderThan(dir, maxAge))
            {
                StorageCheckReport.Add(report.Layers, name, $"layer {name}: layer in lower level storage driver not accounted for");
            }
        }
    }

    /// <summary>Bundles under the run root of containers that no longer exist (a crash in the middle of rm).</summary>
    private void CheckRunRoot(StorageCheckReport report, HashSet<string> containerIds)
    {
        foreach (var dir in ListDirectories(Path.Combine(Store.Options.RunRoot, "containers")))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 64 && !containerIds.Contains(name) && OlderThan(dir, RunDirGrace))
            {
                StorageCheckReport.Add(report.Containers, name, $"container {name}: run directory {dir}: no such container");
            }
        }
    }

    private async Task RepairAsync(StorageCheckReport report, bool force, CancellationToken ct)
    {
        var containers = _engine.Containers.Records.List().ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var id in report.Containers.Keys)
        {
            if (!containers.ContainsKey(id))
            {
                RemoveRunDirectory(report, id);
            }
            else if (force)
            {
                try
                {
                    await _engine.Containers.RemoveAsync(id, force: true, timeout: 0, ct, depend: true).ConfigureAwait(false);
                    report.RemovedContainers.Add(id);
                    containers.Remove(id);
                }
                catch (Exception e) when (e is VainaException or IOException or UnauthorizedAccessException)
                {
                    report.RepairErrors.Add($"deleting container {id}: {e.Message}");
                }
            }
        }

        var removedLayers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in report.Images.Keys)
        {
            if (containers.Values.FirstOrDefault(c => c.ImageId == id) is { } user)
            {
                report.RepairErrors.Add($"deleting image {id}: image used by {user.Id}: image is in use by a container");
                continue;
            }

            try
            {
                foreach (var layer in Store.Images.Delete(id))
                {
                    removedLayers.Add(Digest.Hex(layer));
                }

                report.RemovedImages.Add(id);
            }
            catch (Exception e) when (e is VainaException or IOException or UnauthorizedAccessException)
            {
                report.RepairErrors.Add($"deleting image {id}: {e.Message}");
            }
        }

        // Children before parents: a layer with a remaining child cannot go.
        var layerIds = report.Layers.Keys.Where(id => !removedLayers.Contains(id)).OrderByDescending(Depth).ToList();
        foreach (var hex in layerIds)
        {
            try
            {
                if (RemoveLayer(hex))
                {
                    report.RemovedLayers.Add(hex);
                }
            }
            catch (Exception e) when (e is VainaException or IOException or UnauthorizedAccessException)
            {
                report.RepairErrors.Add($"deleting layer {hex}: {e.Message}");
            }
        }
    }

    private bool RemoveLayer(string hex)
    {
        var id = Digest.Sha256Prefix + hex;
        if (Store.Layers.TryGet(id) is not null)
        {
            if (Store.Layers.IsInUse(id))
            {
                throw new VainaException("layer is in use by an image, a container or another layer");
            }

            return Store.Layers.Delete(id);
        }

        if (Store.Containers.Exists(hex))
        {
            Store.Containers.Delete(hex);
            return true;
        }

        foreach (var dir in new[] { Path.Combine(Store.Layers.Root, hex), Path.Combine(Store.Containers.Root, hex) })
        {
            if (Directory.Exists(dir))
            {
                Interop.Umount2(Path.Combine(dir, "merged"), Interop.UnmountDetach);
                Directory.Delete(dir, recursive: true);
                return true;
            }
        }

        return false;
    }

    private void RemoveRunDirectory(StorageCheckReport report, string id)
    {
        var paths = _engine.Containers.PathsFor(id);
        try
        {
            // A crashed start can leave the container's /dev/shm tmpfs mounted in its bundle.
            Interop.Umount2(Path.Combine(paths.Bundle, "shm"), Interop.UnmountDetach);
            Directory.Delete(paths.Bundle, recursive: true);
            File.Delete(paths.ExitFile);
            File.Delete(paths.LockFile);
            report.RemovedContainers.Add(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LinuxException)
        {
            report.RepairErrors.Add($"deleting container {id}: {e.Message}");
        }
    }

    private int Depth(string hex)
    {
        var depth = 0;
        for (var layer = Store.Layers.TryGet(Digest.Sha256Prefix + hex); layer?.ParentId is { } parent && depth < 1000; layer = Store.Layers.TryGet(parent))
        {
            depth++;
        }

        return depth;
    }

    private string? ParentOfContainerLayer(string id)
    {
        try
        {
            return Store.Containers.GetPaths(id).ParentLayerId;
        }
        catch (VainaException)
        {
            return null;
        }
    }

    private static bool OlderThan(string path, TimeSpan age)
        => !Interop.TryGetFileStatus(path, out _) || Directory.GetLastWriteTimeUtc(path) + age <= DateTime.UtcNow;

    private static IEnumerable<string> ListDirectories(string root)
        => Directory.Exists(root) ? Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal) : [];
}
