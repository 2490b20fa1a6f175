using Vaina.Engine.Containers;
using Vaina.Engine.Volumes;
using Vaina.Runtime;
using Vaina.Storage.Containers;

namespace Vaina.Engine.Files;

/// <summary>
/// A container's files as `podman cp` sees them. Running: /proc/PID/root, i.e. the container's own mount
/// namespace with its volumes, bind mounts and tmpfs. Otherwise: the rootfs, mounted for the duration, with
/// paths below a recorded volume or bind mount destination redirected to the volume's or host directory (as
/// libpod's resolvePath does), each looked up inside its own root.
/// </summary>
public sealed class ContainerFilesystem : IDisposable
{
    private readonly VainaEngine engine;
    private readonly ContainerRecord record;
    private readonly bool mountedRootfs;
    private readonly List<(string Destination, string Source)> mounts = [];
    private readonly Dictionary<string, InRootDirectory> mountRoots = new(StringComparer.Ordinal);

    public ContainerFilesystem(VainaEngine engine, ContainerRecord record)
    {
        this.engine = engine;
        this.record = record;
        IdMap = engine.Store.Containers.IdMapOf(record.Id);
        string rootPath;
        if (record.State is ContainerState.Running or ContainerState.Paused && record.Pid > 0 && Directory.Exists($"/proc/{record.Pid}/root/"))
        {
            rootPath = $"/proc/{record.Pid}/root";
        }
        else
        {
            rootPath = engine.Store.Containers.Mount(record.Id);
            mountedRootfs = true;
            foreach (var m in engine.Volumes.GetContainerMounts(record.Id) ?? [])
            {
                string? source = m.Kind switch
                {
                    MountKind.Volume => engine.Volumes.TryGet(m.Source)?.MountPoint,
                    MountKind.Bind => m.Source,
                    _ => null,
                };
                if (source is not null && Directory.Exists(source))
                {
                    mounts.Add((InRootDirectory.Normalize(m.Destination), m.SubPath is { Length: > 0 } sub ? Path.Combine(source, sub.TrimStart('/')) : source));
                }
            }
        }

        try
        {
            Rootfs = new InRootDirectory(rootPath);
        }
        catch
        {
            if (mountedRootfs)
            {
                engine.Store.Containers.Unmount(record.Id);
            }

            throw;
        }
    }

    public InRootDirectory Rootfs { get; }

    /// <summary>The container's own user namespace maps (its files show mapped owners here), or null.</summary>
    public ContainerIdMap? IdMap { get; }

    /// <summary>The container's working directory, against which relative container paths are taken.</summary>
    public string WorkingDir => string.IsNullOrEmpty(record.Config.WorkingDir) ? "/" : record.Config.WorkingDir;

    /// <summary>The primary uid/gid of the container's user (cp -a chowns to it).</summary>
    public (uint Uid, uint Gid) User()
    {
        var user = ContainerUserResolver.Resolve(Rootfs.HostPath, record.Config.User);
        return (user.Uid, user.Gid);
    }

    /// <summary>The absolute, cleaned container path of <paramref name="path"/> (relative ones start at the working dir).</summary>
    public string Absolute(string path) => "/" + InRootDirectory.Normalize(path.StartsWith('/') ? path : WorkingDir + "/" + path);

    /// <summary>Resolves an existing path inside the container; null when it does not exist.</summary>
    public ResolvedPath? Stat(string path) => Stat(path, out _);

    /// <summary>As <see cref="Stat(string)"/>; <paramref name="danglingLink"/> names where a final symlink to nothing points.</summary>
    public ResolvedPath? Stat(string path, out string? danglingLink)
    {
        danglingLink = null;
        string absolute = InRootDirectory.Normalize(Absolute(path));
        if (FindMount(absolute) is { } lexical)
        {
            return StatIn(lexical.Root, lexical.Remainder, out danglingLink);
        }

        string? relative = Rootfs.Resolve(absolute, out danglingLink);
        if (relative is null)
        {
            return null;
        }

        if (FindMount(relative) is { } resolved)
        {
            return StatIn(resolved.Root, resolved.Remainder, out danglingLink);
        }

        return Rootfs.TryStat(relative, out var st) ? new ResolvedPath(Rootfs, relative, st.IsDirectory, st.IsRegularFile) : null;
    }

    public void Dispose()
    {
        foreach (var root in mountRoots.Values)
        {
            root.Dispose();
        }

        Rootfs.Dispose();
        if (mountedRootfs)
        {
            engine.Store.Containers.Unmount(record.Id);
        }
    }

    private static ResolvedPath? StatIn(InRootDirectory root, string rest, out string? danglingLink)
    {
        string? relative = root.Resolve(rest, out danglingLink);
        return relative is not null && root.TryStat(relative, out var st) ? new ResolvedPath(root, relative, st.IsDirectory, st.IsRegularFile) : null;
    }

    private (InRootDirectory Root, string Remainder)? FindMount(string relative)
    {
        (string Destination, string Source)? best = null;
        foreach (var m in mounts)
        {
            if ((m.Destination.Length == 0 || relative == m.Destination || relative.StartsWith(m.Destination + "/", StringComparison.Ordinal))
                && (best is null || m.Destination.Length > best.Value.Destination.Length))
            {
                best = m;
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        if (!mountRoots.TryGetValue(found.Source, out var root))
        {
            root = new InRootDirectory(found.Source);
            mountRoots[found.Source] = root;
        }

        return (root, relative.Length == found.Destination.Length ? string.Empty : relative[(found.Destination.Length + (found.Destination.Length == 0 ? 0 : 1))..]);
    }
}
