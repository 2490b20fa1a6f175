using Vaina.Storage.Containers;

namespace Vaina.Engine.Files;

/// <summary>
/// `podman diff` / `container diff` / `image diff`: the changes of a container's layer (or an image's top layer)
/// relative to what is below it. Like libpod, the paths the runtime creates in every container (/dev, /proc,
/// /sys, /run, /etc/hosts, ...) are left out.
/// </summary>
public sealed class FilesystemDiff(VainaEngine engine)
{
    private static readonly HashSet<string> InitPaths = new(StringComparer.Ordinal)
    {
        "/dev", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/proc", "/run", "/run/notify",
        "/run/.containerenv", "/run/secrets", "/.containerenv", "/sys", "/etc/mtab",
    };

    /// <summary>Changes of the container <paramref name="nameOrId"/>, or of the image when <paramref name="images"/> allows and no container matches.</summary>
    public IReadOnlyList<ContainerChange> Changes(string nameOrId, bool containers = true, bool images = true)
    {
        IReadOnlyList<ContainerChange> changes;
        if (containers && engine.Containers.TryGet(nameOrId) is { } record)
        {
            changes = engine.Store.Containers.Changes(record.Id);
        }
        else if (images && engine.Images.TryResolve(nameOrId) is { } image)
        {
            changes = image.TopLayerId.Length == 0 ? [] : engine.Store.Containers.LayerChanges(image.TopLayerId);
        }
        else
        {
            throw NotFound(nameOrId, containers, images);
        }

        return changes.Where(c => !InitPaths.Contains(c.Path)).ToList();
    }

    /// <summary>Changes that turn the tree of <paramref name="from"/> into the tree of <paramref name="to"/> (containers or images).</summary>
    public IReadOnlyList<ContainerChange> Changes(string from, string to, bool containers = true, bool images = true)
    {
        var releases = new List<Action>();
        try
        {
            string fromTree = AcquireTree(from, containers, images, releases);
            string toTree = AcquireTree(to, containers, images, releases);
            return ChangeDetector.Trees(toTree, fromTree).Where(c => !InitPaths.Contains(c.Path)).ToList();
        }
        finally
        {
            foreach (var release in releases)
            {
                release();
            }
        }
    }

    private string AcquireTree(string nameOrId, bool containers, bool images, List<Action> releases)
    {
        if (containers && engine.Containers.TryGet(nameOrId) is { } record)
        {
            string rootfs = engine.Store.Containers.Mount(record.Id);
            releases.Add(() => engine.Store.Containers.Unmount(record.Id));
            return rootfs;
        }

        if (images && engine.Images.TryResolve(nameOrId) is { } image)
        {
            if (image.TopLayerId.Length == 0)
            {
                string empty = Directory.CreateTempSubdirectory("vaina-diff-").FullName;
                releases.Add(() => Directory.Delete(empty));
                return empty;
            }

            string tree = engine.Store.Containers.AcquireLayerTree(image.TopLayerId);
            releases.Add(() => engine.Store.Containers.ReleaseLayerTree(tree));
            return tree;
        }

        throw NotFound(nameOrId, containers, images);
    }

    private static VainaException NotFound(string nameOrId, bool containers, bool images)
        => new(containers && !images
            ? $"no container with name or ID \"{nameOrId}\" found: no such container"
            : !containers
                ? $"{nameOrId}: image not known"
                : $"{nameOrId} not found: layer not known");
}
