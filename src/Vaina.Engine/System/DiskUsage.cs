using Vaina.Engine.Containers;
using Vaina.Storage.Images;

namespace Vaina.Engine.System;

/// <summary>
/// Computes `system df`. Image sizes come from their layers (a layer used by several images is shared); a
/// container's size is what its writable layer holds (overlay: the upper dir; vfs: the files it added or
/// changed); a volume's is the apparent size of its data directory.
/// </summary>
public sealed class DiskUsage(VainaEngine engine)
{
    public DiskUsageReport Compute()
    {
        var images = engine.Store.Images.List();
        var layerUsers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            foreach (var layer in image.LayerIds.Distinct())
            {
                layerUsers[layer] = layerUsers.GetValueOrDefault(layer) + 1;
            }
        }

        var layerSizes = layerUsers.Keys.ToDictionary(id => id, id => engine.Store.Layers.TryGet(id)?.Size ?? 0, StringComparer.Ordinal);
        var imageRows = new List<DiskUsageReport.ImageUsage>();
        foreach (var image in images.OrderByDescending(i => i.Created))
        {
            long size = image.LayerIds.Distinct().Sum(l => layerSizes.GetValueOrDefault(l));
            long shared = image.LayerIds.Distinct().Where(l => layerUsers[l] > 1).Sum(l => layerSizes.GetValueOrDefault(l));
            int containers = engine.Images.ContainersUsing(image.Id).Count;
            var names = image.Names.Count == 0 ? [(Repository: "<none>", Tag: "<none>")] : image.Names.Select(SplitName).ToList();
            foreach (var (repository, tag) in names)
            {
                imageRows.Add(new DiskUsageReport.ImageUsage(repository, tag, image.Id, image.Created, size, shared, size - shared, containers));
            }
        }

        var containerRows = new List<DiskUsageReport.ContainerUsage>();
        foreach (var record in engine.Containers.List())
        {
            long rw = 0;
            if (engine.Store.Containers.Exists(record.Id))
            {
                var paths = engine.Store.Containers.GetPaths(record.Id);
                rw = paths.UpperDir is not null
                    ? DirectorySize.Of(paths.UpperDir)
                    : VfsChangedSize(record.Id, paths.Rootfs);
            }

            var command = new List<string>(record.Config.Entrypoint ?? []);
            command.AddRange(record.Config.Command);
            containerRows.Add(new DiskUsageReport.ContainerUsage(
                record.Id,
                record.ImageId ?? string.Empty,
                command,
                engine.Volumes.VolumesOf(record.Id).Count,
                rw,
                record.Created,
                record.State,
                record.Name));
        }

        var volumeRows = new List<DiskUsageReport.VolumeUsage>();
        foreach (var volume in engine.Volumes.List())
        {
            int links = engine.Volumes.Users(volume.Name).Count;
            long size = DirectorySize.Of(volume.MountPoint);
            volumeRows.Add(new DiskUsageReport.VolumeUsage(volume.Name, links, size, links == 0 ? size : 0));
        }

        return new DiskUsageReport
        {
            Images = imageRows,
            ImagesSize = layerSizes.Values.Sum(),
            Containers = containerRows,
            Volumes = volumeRows,
        };
    }

    private long VfsChangedSize(string id, string rootfs)
    {
        long total = 0;
        foreach (var change in engine.Store.Containers.Changes(id))
        {
            if (change.Kind != Storage.Containers.ChangeKind.Deleted
                && Linux.Interop.TryGetFileStatus(rootfs + change.Path, out var st) && !st.IsDirectory)
            {
                total += st.Size;
            }
        }

        return total;
    }

    /// <summary>"registry/repo:tag" into repository and tag (digest references keep "&lt;none&gt;" as tag).</summary>
    private static (string Repository, string Tag) SplitName(string name)
    {
        int at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (name[..at], "<none>");
        }

        int colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..]) : (name, "latest");
    }
}
