using Vaina.Linux;
using Vaina.Storage.Layers;

namespace Vaina.Storage.Containers;

/// <summary>
/// Lists what a container changed relative to its image (podman diff). overlay: walks the upper dir, where a
/// 0/0 char device is a deletion and an entry is "added" unless some lower layer provides it. vfs: compares the
/// container's tree with the image's tree (type, mode, owner, size, mtime, symlink target).
/// </summary>
public static class ChangeDetector
{
    /// <summary>Changes of an overlay upper dir over lower diff dirs (top first). Sorted by path.</summary>
    public static IReadOnlyList<ContainerChange> Overlay(string upperDir, IReadOnlyList<string> lowerDirs)
    {
        var changes = new List<ContainerChange>();
        WalkUpper(upperDir, string.Empty, lowerDirs, changes);
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return changes;
    }

    /// <summary>Changes of a full tree compared with the image's tree (null: empty image). Sorted by path.</summary>
    /// <param name="containerIds">The container tree's id map when its files are owned by mapped ids (a vfs container with its own user namespace), compared in container ids.</param>
    public static IReadOnlyList<ContainerChange> Trees(string containerTree, string? imageTree, ContainerIdMap? containerIds = null)
    {
        var changes = new List<ContainerChange>();
        CompareTrees(containerTree, imageTree, string.Empty, changes, containerIds);
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return changes;
    }

    private static void WalkUpper(string upperDir, string rel, IReadOnlyList<string> lowerDirs, List<ContainerChange> changes)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(Path.Combine(upperDir, rel)))
        {
            string childRel = rel.Length == 0 ? Path.GetFileName(entry) : rel + "/" + Path.GetFileName(entry);
            Interop.FileStatus status = Interop.GetFileStatus(entry);
            bool inLower = ExistsInLower(lowerDirs, childRel);
            if (status.IsCharacterDevice && status.RdevMajor == 0 && status.RdevMinor == 0)
            {
                if (inLower)
                {
                    changes.Add(new ContainerChange(ChangeKind.Deleted, "/" + childRel));
                }

                continue;
            }

            changes.Add(new ContainerChange(inLower ? ChangeKind.Modified : ChangeKind.Added, "/" + childRel));
            if (status.IsDirectory)
            {
                if (inLower && OverlayAttributes.IsOpaque(entry))
                {
                    AddDeletedLowerChildren(upperDir, lowerDirs, childRel, changes);
                }

                WalkUpper(upperDir, childRel, lowerDirs, changes);
            }
        }
    }

    /// <summary>An opaque upper dir hides everything of the lower layers below it that it does not have itself.</summary>
    private static void AddDeletedLowerChildren(string upperDir, IReadOnlyList<string> lowerDirs, string rel, List<ContainerChange> changes)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string lower in lowerDirs)
        {
            string directory = Path.Combine(lower, rel);
            if (Interop.TryGetFileStatus(directory, out Interop.FileStatus status) && status.IsDirectory)
            {
                foreach (string child in Directory.EnumerateFileSystemEntries(directory))
                {
                    names.Add(Path.GetFileName(child));
                }
            }
        }

        foreach (string name in names)
        {
            string childRel = rel + "/" + name;
            if (!Interop.TryGetFileStatus(Path.Combine(upperDir, childRel), out _) && ExistsInLower(lowerDirs, childRel))
            {
                changes.Add(new ContainerChange(ChangeKind.Deleted, "/" + childRel));
            }
        }
    }

    /// <summary>True when the merged view of the lower layers (top first) has <paramref name="rel"/>.</summary>
    private static bool ExistsInLower(IReadOnlyList<string> lowerDirs, string rel)
    {
        string[] parts = rel.Split('/');
        foreach (string lower in lowerDirs)
        {
            // A whiteout or opaque dir on the way down hides the lower layers below this one.
            string current = lower;
            bool hidden = false;
            for (int i = 0; i < parts.Length; i++)
            {
                current = Path.Combine(current, parts[i]);
                if (!Interop.TryGetFileStatus(current, out Interop.FileStatus status))
                {
                    break;
                }

                if (status.IsCharacterDevice && status.RdevMajor == 0 && status.RdevMinor == 0)
                {
                    return false;
                }

                if (i == parts.Length - 1)
                {
                    return true;
                }

                if (!status.IsDirectory)
                {
                    return false;
                }

                if (OverlayAttributes.IsOpaque(current))
                {
                    hidden = true;
                }
            }

            if (hidden)
            {
                return false;
            }
        }

        return false;
    }

    private static void CompareTrees(string tree, string? image, string rel, List<ContainerChange> changes, ContainerIdMap? containerIds)
    {
        string directory = rel.Length == 0 ? tree : Path.Combine(tree, rel);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory))
        {
            string name = Path.GetFileName(entry);
            seen.Add(name);
            string childRel = rel.Length == 0 ? name : rel + "/" + name;
            Interop.FileStatus status = Interop.GetFileStatus(entry);
            if (containerIds is not null)
            {
                var (uid, gid) = containerIds.ToContainer(status.Uid, status.Gid);
                status = status with { Uid = uid, Gid = gid };
            }

            string? imagePath = image is null ? null : Path.Combine(image, childRel);
            if (imagePath is null || !Interop.TryGetFileStatus(imagePath, out Interop.FileStatus original))
            {
                changes.Add(new ContainerChange(ChangeKind.Added, "/" + childRel));
                if (status.IsDirectory)
                {
                    CompareTrees(tree, null, childRel, changes, containerIds);
                }

                continue;
            }

            bool differs = status.Mode != original.Mode || status.Uid != original.Uid || status.Gid != original.Gid
                || (!status.IsDirectory && (status.Size != original.Size || status.MtimeSeconds != original.MtimeSeconds || status.MtimeNanoseconds != original.MtimeNanoseconds))
                || (status.IsSymlink && new FileInfo(entry).LinkTarget != new FileInfo(imagePath).LinkTarget);
            if (status.IsDirectory && original.IsDirectory)
            {
                int before = changes.Count;
                CompareTrees(tree, image, childRel, changes, containerIds);
                if (differs || changes.Count > before)
                {
                    changes.Insert(before, new ContainerChange(ChangeKind.Modified, "/" + childRel));
                }
            }
            else if (differs)
            {
                changes.Add(new ContainerChange(ChangeKind.Modified, "/" + childRel));
            }
        }

        string imageDirectory = image is null ? string.Empty : rel.Length == 0 ? image : Path.Combine(image, rel);
        if (image is not null && Directory.Exists(imageDirectory))
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(imageDirectory))
            {
                string name = Path.GetFileName(entry);
                if (!seen.Contains(name))
                {
                    changes.Add(new ContainerChange(ChangeKind.Deleted, "/" + (rel.Length == 0 ? name : rel + "/" + name)));
                }
            }
        }
    }
}
