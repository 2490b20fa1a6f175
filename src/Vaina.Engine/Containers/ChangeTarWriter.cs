using System.Formats.Tar;
using System.Security.Cryptography;
using Vaina.Images.Archives;
using Vaina.Linux;
using Vaina.Storage.Containers;

namespace Vaina.Engine.Containers;

/// <summary>
/// Writes a container's changes (the output of <see cref="ContainerLayerStore.Changes"/>) as an OCI layer tar read from
/// the container's rootfs: added and changed paths as entries, deleted ones as <c>.wh.NAME</c> whiteouts. The empty
/// files and directories the runtime creates as mount points (/etc/hosts, /etc/resolv.conf, ...) when the image lacks
/// them are left out, as Podman's diff leaves them out.
/// </summary>
public static class ChangeTarWriter
{
    /// <summary>Files the engine and runc create in a rootfs as bind-mount targets.</summary>
    public static readonly IReadOnlySet<string> RuntimeMountFiles = new HashSet<string>(StringComparer.Ordinal)
    {
        "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/etc/mtab", "/run/.containerenv",
    };

    /// <summary>Mount points (files and directories) the engine and runc create; they are not the container's own changes.</summary>
    public static readonly IReadOnlySet<string> RuntimeMountPoints = new HashSet<string>(RuntimeMountFiles, StringComparer.Ordinal)
    {
        "/run/secrets", "/run", "/proc", "/sys", "/dev", "/dev/shm", "/dev/pts", "/dev/mqueue", "/tmp",
    };

    /// <summary>Writes the tar into a new file under <paramref name="directory"/>; returns its path, diffID (sha256 of the tar) and size.</summary>
    /// <param name="skipWhenAddedEmpty">Added paths left out when they are empty (default <see cref="RuntimeMountPoints"/>; null keeps everything).</param>
    /// <param name="idMap">The container's id map when its rootfs shows mapped owners: the tar gets the container's own ids.</param>
    public static LayerTarFile WriteFile(string rootfs, IReadOnlyList<ContainerChange> changes, string directory, CancellationToken ct, IReadOnlySet<string>? skipWhenAddedEmpty = null, bool keepEverything = false, ContainerIdMap? idMap = null)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"layer-{Guid.NewGuid():N}.tar");
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(rootfs, changes, file, ct, keepEverything ? null : skipWhenAddedEmpty ?? RuntimeMountPoints, idMap);
            }

            string diffId;
            using (var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(read));
            }

            return new LayerTarFile(path, diffId, new FileInfo(path).Length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public static void Write(string rootfs, IReadOnlyList<ContainerChange> changes, Stream output, CancellationToken ct, IReadOnlySet<string>? skipWhenAddedEmpty, ContainerIdMap? idMap = null)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var hardlinks = new Dictionary<ulong, string>();
        foreach (var change in changes.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            string name = change.Path.TrimStart('/');
            if (name.Length == 0)
            {
                continue;
            }

            if (change.Kind == ChangeKind.Deleted)
            {
                int slash = name.LastIndexOf('/');
                string whiteout = slash < 0 ? ".wh." + name : name[..(slash + 1)] + ".wh." + name[(slash + 1)..];
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, whiteout) { ModificationTime = DateTimeOffset.UnixEpoch });
                continue;
            }

            string path = rootfs + change.Path;
            if (!Interop.TryGetFileStatus(path, out var st))
            {
                continue; // removed while a running container was committed
            }

            if (change.Kind == ChangeKind.Added && skipWhenAddedEmpty is not null && skipWhenAddedEmpty.Contains(change.Path) && IsEmpty(path, st))
            {
                continue;
            }

            if (idMap is not null)
            {
                var (uid, gid) = idMap.ToContainer(st.Uid, st.Gid);
                st = st with { Uid = uid, Gid = gid };
            }

            LayerTarWriter.WriteEntry(writer, path, name, st, hardlinks);
        }
    }

    private static bool IsEmpty(string path, Interop.FileStatus st)
        => st.IsRegularFile ? st.Size == 0 : st.IsDirectory && !Directory.EnumerateFileSystemEntries(path).Any();
}
