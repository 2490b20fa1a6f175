using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vaina.Linux;
using Vaina.Linux.Namespaces;
using Vaina.Storage.Layers;
using Vaina.Storage.State;

namespace Vaina.Storage.Containers;

/// <summary>
/// Containers' read-write layers. overlay: <c>GraphRoot/overlay-containers/ID/{diff,work,merged}</c>, mounted
/// with the image's layers as lower dirs (short links) and honouring overlay.mountopt (Debian's storage.conf: "nodev") and
/// overlay.mount_program (e.g. fuse-overlayfs). vfs: <c>GraphRoot/vfs-containers/ID/rootfs</c>, a full copy
/// of the image's tree. Mount counts are kept in the state DB and checked against /proc/self/mountinfo, so
/// several processes can mount and unmount the same container without double mounts or early unmounts.
/// </summary>
public sealed class ContainerLayerStore
{
    private const int MaxMountDataLength = 4000;
    private const string IdMapFileName = "idmap";
    private const string ExternalRootfsFileName = "rootfs-directory";
    private const string ExternalLowerFileName = "rootfs-lower";
    private static readonly Lock WorkingDirectoryLock = new();

    private readonly StateDatabase database;
    private readonly LayerStore layers;
    private readonly StoreOptions options;
    private readonly Lock sweepLock = new();
    private bool swept;

    public ContainerLayerStore(StoreOptions options, StateDatabase database, LayerStore layers)
    {
        this.options = options;
        this.database = database;
        this.layers = layers;
        Root = Path.Combine(options.GraphRoot, options.Driver == "vfs" ? "vfs-containers" : "overlay-containers");
    }

    /// <summary>Directory holding one subdirectory per container layer.</summary>
    public string Root { get; }

    /// <summary>Mount options from overlay.mountopt (none when unset, as containers/storage's overlay driver).</summary>
    public string MountOptions => options.DriverOptions.TryGetValue("overlay.mountopt", out string? value) ? value : "";

    /// <summary>overlay.mount_program (e.g. /usr/bin/fuse-overlayfs), or null for kernel overlayfs.</summary>
    public string? MountProgram => options.DriverOptions.TryGetValue("overlay.mount_program", out string? value) && value.Length > 0 ? value : null;

    /// <summary>
    /// Creates the read-write layer of a container on top of the image layer <paramref name="imageTopLayerId"/>
    /// (null: empty rootfs). VainaException when it exists already or the image layer is not stored.
    /// </summary>
    /// <param name="idMap">The container's own user namespace maps (see <see cref="ContainerIdMap"/>), or null.</param>
    /// <param name="rootfsDirectory">
    /// --rootfs: a directory used instead of an image: as the rootfs itself, or (<paramref name="overlayRootfs"/>,
    /// PATH:O) as the lower directory of the container's overlay, so the changes stay with the container.
    /// </param>
    public ContainerLayerPaths CreateRwLayer(string containerId, string? imageTopLayerId, ContainerIdMap? idMap = null, string? rootfsDirectory = null, bool overlayRootfs = false)
    {
        CheckId(containerId);
        SweepOnce();
        if (imageTopLayerId is not null)
        {
            layers.Chain(imageTopLayerId);
        }

        ContainerLayerPaths paths = PathsFor(containerId, imageTopLayerId);
        if (Directory.Exists(paths.Directory) && !Exists(containerId))
        {
            // Left by a crash between the rename and the DB insert.
            LayerStore.RemoveTree(paths.Directory);
        }

        string temp = Path.Combine(Root, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temp);
            const UnixFileMode directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            if (layers.Driver == "overlay")
            {
                Directory.CreateDirectory(Path.Combine(temp, "diff"), directoryMode);
                Directory.CreateDirectory(Path.Combine(temp, "work"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Directory.CreateDirectory(Path.Combine(temp, "merged"), directoryMode);
                Directory.CreateDirectory(Path.Combine(temp, "empty"), directoryMode);
                if (idMap is not null && !OverlayAttributes.UserNamespace)
                {
                    // Idmapped lower layers show the image's root as the mapped root: the upper dir's root must match.
                    Interop.Lchown(Path.Combine(temp, "diff"), idMap.Root.Uid, idMap.Root.Gid);
                }
            }
            else
            {
                string rootfs = Path.Combine(temp, "rootfs");
                Directory.CreateDirectory(rootfs, directoryMode);
                if (imageTopLayerId is not null)
                {
                    TreeCopy.CopyContents(layers.TreePath(imageTopLayerId), rootfs);
                }

                if (idMap is not null)
                {
                    // vfs copies the image for every container anyway; the copy takes the mapped owners.
                    TreeOwnershipShifter.Shift(rootfs, idMap);
                }
            }

            if (idMap is not null)
            {
                File.WriteAllText(Path.Combine(temp, IdMapFileName), idMap.ToText());
            }

            if (rootfsDirectory is not null)
            {
                File.WriteAllText(Path.Combine(temp, overlayRootfs ? ExternalLowerFileName : ExternalRootfsFileName), rootfsDirectory);
                if (overlayRootfs && layers.Driver != "overlay")
                {
                    TreeCopy.CopyContents(rootfsDirectory, Path.Combine(temp, "rootfs"));
                }
            }

            database.RunInTransaction((connection, transaction) =>
            {
                if (StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM container_layers WHERE container_id = @p0", containerId) is not null)
                {
                    throw new VainaException($"container layer {containerId} already exists");
                }

                if (imageTopLayerId is not null && StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM layers WHERE id = @p0", imageTopLayerId) is null)
                {
                    throw new VainaException($"{imageTopLayerId}: layer not known");
                }

                Directory.Move(temp, paths.Directory);
                StateDatabase.Execute(
                    connection,
                    transaction,
                    "INSERT INTO container_layers (container_id, parent_layer_id, created, mount_count) VALUES (@p0, @p1, @p2, 0)",
                    containerId,
                    imageTopLayerId,
                    DbTime.Format(DateTimeOffset.UtcNow));
            });
            return paths;
        }
        catch
        {
            LayerStore.RemoveTree(temp);
            throw;
        }
    }

    /// <summary>The container's own user namespace maps given at creation, or null.</summary>
    public ContainerIdMap? IdMapOf(string containerId)
    {
        string file = Path.Combine(GetPaths(containerId).Directory, IdMapFileName);
        return File.Exists(file) ? ContainerIdMap.Parse(File.ReadAllText(file)) : null;
    }

    public bool Exists(string containerId)
        => database.Read(connection => StateDatabase.Scalar(connection, null, "SELECT 1 FROM container_layers WHERE container_id = @p0", containerId) is not null);

    /// <summary>The container layer's paths; VainaException when it does not exist.</summary>
    public ContainerLayerPaths GetPaths(string containerId)
    {
        CheckId(containerId);
        object? parent = database.Read(connection => StateDatabase.Scalar(connection, null, "SELECT COALESCE(parent_layer_id, '') FROM container_layers WHERE container_id = @p0", containerId));
        return parent is string p
            ? PathsFor(containerId, p.Length == 0 ? null : p)
            : throw new VainaException($"container layer {containerId}: layer not known");
    }

    /// <summary>Ids of all container layers.</summary>
    public IReadOnlyList<string> List()
        => database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, "SELECT container_id FROM container_layers ORDER BY created");
            using SqliteDataReader reader = command.ExecuteReader();
            var result = new List<string>();
            while (reader.Read())
            {
                result.Add(reader.GetString(0));
            }

            return result;
        });

    /// <summary>When the container layer was made, or null when there is none.</summary>
    public DateTimeOffset? CreatedOf(string containerId)
        => database.Read(connection => StateDatabase.Scalar(connection, null, "SELECT created FROM container_layers WHERE container_id = @p0", containerId)) is string text
            ? DbTime.Parse(text) : null;

    /// <summary>How many Mount calls are not yet matched by Unmount (0 when not mounted).</summary>
    public int MountCount(string containerId)
        => database.Read(connection => Convert.ToInt32(StateDatabase.Scalar(connection, null, "SELECT mount_count FROM container_layers WHERE container_id = @p0", containerId) ?? 0L, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>True when the container's rootfs is mounted now (overlay) / has a positive mount count (vfs).</summary>
    public bool IsMounted(string containerId)
    {
        ContainerLayerPaths paths = GetPaths(containerId);
        return layers.Driver == "vfs" || paths.IsExternal ? MountCount(containerId) > 0 : MountInfo.IsMountPoint(paths.Rootfs);
    }

    /// <summary>
    /// Mounts the container's rootfs (or counts one more user of an existing mount) and returns its path.
    /// </summary>
    public string Mount(string containerId)
    {
        ContainerLayerPaths paths = GetPaths(containerId);
        database.RunInTransaction((connection, transaction) =>
        {
            long count = StateDatabase.Scalar(connection, transaction, "SELECT mount_count FROM container_layers WHERE container_id = @p0", containerId) as long?
                ?? throw new VainaException($"container layer {containerId}: layer not known");
            if (layers.Driver == "overlay" && !paths.IsExternal)
            {
                if (!MountInfo.IsMountPoint(paths.Rootfs))
                {
                    // A count left from before a reboot or a crash means nothing without the mount.
                    count = 0;
                    MountOverlay(paths);
                }
            }

            StateDatabase.Execute(
                connection,
                transaction,
                "UPDATE container_layers SET mount_count = @p1, mount_point = @p2 WHERE container_id = @p0",
                containerId,
                count + 1,
                paths.Rootfs);
        });
        return paths.Rootfs;
    }

    /// <summary>
    /// Drops one user of the mount, unmounting when it was the last (or always with <paramref name="force"/>).
    /// Idempotent: tolerates an already unmounted rootfs. Returns true when the rootfs is no longer mounted.
    /// </summary>
    public bool Unmount(string containerId, bool force = false)
    {
        ContainerLayerPaths paths = GetPaths(containerId);
        return database.RunInTransaction((connection, transaction) =>
        {
            long count = StateDatabase.Scalar(connection, transaction, "SELECT mount_count FROM container_layers WHERE container_id = @p0", containerId) as long? ?? 0;
            count = force ? 0 : Math.Max(0, count - 1);
            if (count == 0 && layers.Driver == "overlay" && !paths.IsExternal)
            {
                UnmountPath(paths.Rootfs);
            }

            StateDatabase.Execute(connection, transaction, "UPDATE container_layers SET mount_count = @p1 WHERE container_id = @p0", containerId, count);
            return count == 0;
        });
    }

    /// <summary>Unmounts (forcibly) and removes the container layer. Idempotent.</summary>
    public void Delete(string containerId)
    {
        CheckId(containerId);
        string directory = Path.Combine(Root, containerId);
        string merged = Path.Combine(directory, "merged");
        if (layers.Driver == "overlay")
        {
            UnmountPath(merged);
        }

        database.RunInTransaction((connection, transaction)
            => StateDatabase.Execute(connection, transaction, "DELETE FROM container_layers WHERE container_id = @p0", containerId));
        if (Directory.Exists(directory))
        {
            string doomed = Path.Combine(Root, $".tmp-{Environment.ProcessId}-del-{Guid.NewGuid():N}");
            Directory.Move(directory, doomed);
            LayerStore.RemoveTree(doomed);
        }
    }

    /// <summary>What the container changed relative to its image (podman diff), sorted by path.</summary>
    public IReadOnlyList<ContainerChange> Changes(string containerId)
    {
        ContainerLayerPaths paths = GetPaths(containerId);
        if (layers.Driver == "overlay")
        {
            IReadOnlyList<string> lowers = paths.ParentLayerId is null
                ? []
                : layers.Chain(paths.ParentLayerId).Select(l => layers.DiffPath(l.Id)).ToList();
            return ChangeDetector.Overlay(paths.UpperDir!, lowers);
        }

        return ChangeDetector.Trees(paths.Rootfs, paths.ParentLayerId is null ? null : layers.TreePath(paths.ParentLayerId), IdMapOf(containerId));
    }

    /// <summary>What an image layer changed relative to the layers below it (podman diff IMAGE), sorted by path.</summary>
    public IReadOnlyList<ContainerChange> LayerChanges(string layerId)
    {
        LayerRecord layer = layers.Get(layerId);
        if (layers.Driver == "overlay")
        {
            IReadOnlyList<string> lowers = layer.ParentId is null
                ? []
                : layers.Chain(layer.ParentId).Select(l => layers.DiffPath(l.Id)).ToList();
            return ChangeDetector.Overlay(layers.DiffPath(layer.Id), lowers);
        }

        return ChangeDetector.Trees(layers.TreePath(layer.Id), layer.ParentId is null ? null : layers.TreePath(layer.ParentId));
    }

    /// <summary>
    /// The merged tree of an image layer and those below it, for reading: vfs keeps one already; overlay gets a
    /// read-only mount of the layer chain (lower dirs only) under the container layers' root. Release it with
    /// <see cref="ReleaseLayerTree"/>.
    /// </summary>
    public string AcquireLayerTree(string layerId)
    {
        if (layers.Driver != "overlay")
        {
            layers.Get(layerId);
            return layers.TreePath(layerId);
        }

        List<string> lowers = layers.LowerLinks(layerId).ToList();
        string target = Path.Combine(Root, $".tmp-{Environment.ProcessId}-view-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        try
        {
            // Overlay needs two lower dirs when there is no upper dir: an empty one goes below a single layer.
            if (lowers.Count == 1)
            {
                string empty = target + "-empty";
                Directory.CreateDirectory(empty);
                lowers.Add(empty);
            }

            lock (WorkingDirectoryLock)
            {
                string previous = Directory.GetCurrentDirectory();
                Directory.SetCurrentDirectory(layers.Root);
                try
                {
                    Interop.Mount("overlay", target, "overlay", Interop.MountReadOnly, "lowerdir=" + string.Join(':', lowers));
                }
                finally
                {
                    Directory.SetCurrentDirectory(previous);
                }
            }

            return target;
        }
        catch
        {
            LayerStore.RemoveTree(target);
            LayerStore.RemoveTree(target + "-empty");
            throw;
        }
    }

    /// <summary>Undoes <see cref="AcquireLayerTree"/>.</summary>
    public void ReleaseLayerTree(string path)
    {
        if (layers.Driver != "overlay" || !Path.GetFileName(path).StartsWith(".tmp-", StringComparison.Ordinal))
        {
            return;
        }

        UnmountPath(path);
        Directory.Delete(path);
        if (Directory.Exists(path + "-empty"))
        {
            Directory.Delete(path + "-empty");
        }
    }

    /// <summary>The overlay mount data (without flags) for a container, as it would be passed to mount(2).</summary>
    public string OverlayMountData(string containerId, bool relativeLowerDirs = false)
        => BuildOverlayData(GetPaths(containerId), relativeLowerDirs, SplitMountOptions(MountOptions).Data);

    private ContainerLayerPaths PathsFor(string containerId, string? parent)
    {
        string directory = Path.Combine(Root, containerId);
        if (parent is null && ExternalRootfs(directory) is { } external)
        {
            // --rootfs PATH: the directory is the rootfs; nothing is mounted over it.
            return new ContainerLayerPaths { ContainerId = containerId, Directory = directory, Rootfs = external, IsExternal = true };
        }

        return layers.Driver == "overlay"
            ? new ContainerLayerPaths
            {
                ContainerId = containerId,
                Directory = directory,
                Rootfs = Path.Combine(directory, "merged"),
                UpperDir = Path.Combine(directory, "diff"),
                WorkDir = Path.Combine(directory, "work"),
                ParentLayerId = parent,
            }
            : new ContainerLayerPaths
            {
                ContainerId = containerId,
                Directory = directory,
                Rootfs = Path.Combine(directory, "rootfs"),
                ParentLayerId = parent,
            };
    }

    private static string? ExternalRootfs(string directory)
    {
        string file = Path.Combine(directory, ExternalRootfsFileName);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    private static string? ExternalLower(string directory)
    {
        string file = Path.Combine(directory, ExternalLowerFileName);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    private void MountOverlay(ContainerLayerPaths paths)
    {
        (ulong flags, List<string> extra) = SplitMountOptions(MountOptions);
        string? program = MountProgram;
        string idMapFile = Path.Combine(paths.Directory, IdMapFileName);
        if (File.Exists(idMapFile))
        {
            MountMappedOverlay(paths, ContainerIdMap.Parse(File.ReadAllText(idMapFile)), flags, extra, program);
            return;
        }
        if (program is not null)
        {
            // The helper runs with its working directory at the layer root, so relative short links always fit.
            string data = BuildOverlayData(paths, relative: true, extra.Concat(FlagNames(flags)).ToList());
            RunMountProgram(program, data, paths.Rootfs);
            return;
        }

        if (OverlayAttributes.MountOption is { } userxattr && !extra.Contains(userxattr))
        {
            extra.Add(userxattr);
        }

        string absolute = BuildOverlayData(paths, relative: false, extra);
        if (absolute.Length <= MaxMountDataLength)
        {
            try
            {
                Interop.Mount("overlay", paths.Rootfs, "overlay", flags, absolute);
            }
            catch (LinuxException) when (OverlayAttributes.UserNamespace && FuseOverlayProgram() is { } fuse)
            {
                // A kernel without unprivileged overlay (before 5.11, or disabled): fuse-overlayfs, as Podman falls back.
                extra.Remove("userxattr");
                RunMountProgram(fuse, BuildOverlayData(paths, relative: true, extra.Concat(FlagNames(flags)).ToList()), paths.Rootfs);
            }

            return;
        }

        // Many layers: relative lower dirs keep the data under a page, which needs the cwd at the layer root.
        string relativeData = BuildOverlayData(paths, relative: true, extra);
        lock (WorkingDirectoryLock)
        {
            string previous = Directory.GetCurrentDirectory();
            Directory.SetCurrentDirectory(layers.Root);
            try
            {
                Interop.Mount("overlay", paths.Rootfs, "overlay", flags, relativeData);
            }
            finally
            {
                Directory.SetCurrentDirectory(previous);
            }
        }
    }

    /// <summary>
    /// Mounts the rootfs of a container with its own user namespace so that the image's files show the mapped
    /// owners, without copying the image where the system allows: as real root, idmapped mounts of the lower
    /// layers (Linux 5.19 overlay accepts them; the upper dir stays in the mapped ids); in a user namespace
    /// (rootless), where the kernel refuses to idmap the host's file system, fuse-overlayfs with its
    /// uidmapping/gidmapping options (the upper dir stays in image ids). Without either: a chowned copy of the
    /// image, made once per container, as Podman does then.
    /// </summary>
    private void MountMappedOverlay(ContainerLayerPaths paths, ContainerIdMap map, ulong flags, List<string> extra, string? program)
    {
        if (OverlayAttributes.UserNamespace)
        {
            string? fuse = program ?? FuseOverlayProgram();
            if (fuse is not null && FuseUsable())
            {
                var options = extra.Where(o => o != "userxattr").Concat(FlagNames(flags)).ToList();
                options.Add("uidmapping=" + ContainerIdMap.FuseOption(map.Uids));
                options.Add("gidmapping=" + ContainerIdMap.FuseOption(map.Gids));
                RunMountProgram(fuse, BuildOverlayData(paths, relative: true, options), paths.Rootfs);
                return;
            }

            string copy = MappedImageCopy(paths, map);
            if (OverlayAttributes.MountOption is { } userxattr && !extra.Contains(userxattr))
            {
                extra.Add(userxattr);
            }

            extra.Insert(0, "workdir=" + paths.WorkDir);
            extra.Insert(0, "upperdir=" + paths.UpperDir);
            Interop.Mount("overlay", paths.Rootfs, "overlay", flags, string.Join(',', new[] { "lowerdir=" + copy }.Concat(extra)));
            return;
        }

        List<string> lowers = paths.ParentLayerId is null
            ? [ExternalLower(paths.Directory) ?? Path.Combine(paths.Directory, "empty")]
            : layers.LowerLinks(paths.ParentLayerId).Select(l => Path.Combine(layers.Root, l)).ToList();
        string staging = Path.Combine(paths.Directory, "idmapped");
        Directory.CreateDirectory(staging);
        var attached = new List<string>();
        try
        {
            using (var userNamespace = MappedUserNamespace.Create(map.Uids, map.Gids))
            {
                for (int i = 0; i < lowers.Count; i++)
                {
                    string target = Path.Combine(staging, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(target);
                    Interop.MountIdmapped(lowers[i], target, userNamespace.Fd);
                    attached.Add(target);
                }
            }

            var parts = new List<string>
            {
                "lowerdir=" + string.Join(':', attached.Select(a => Path.GetRelativePath(paths.Directory, a))),
                "upperdir=" + paths.UpperDir,
                "workdir=" + paths.WorkDir,
            };
            parts.AddRange(extra);
            lock (WorkingDirectoryLock)
            {
                string previous = Directory.GetCurrentDirectory();
                Directory.SetCurrentDirectory(paths.Directory);
                try
                {
                    Interop.Mount("overlay", paths.Rootfs, "overlay", flags, string.Join(',', parts));
                }
                finally
                {
                    Directory.SetCurrentDirectory(previous);
                }
            }
        }
        finally
        {
            // The overlay holds its own references to the idmapped layers: the attachment points can go.
            foreach (string a in attached)
            {
                Interop.Umount2(a, Interop.UnmountDetach);
            }

            LayerStore.RemoveTree(staging);
        }
    }

    /// <summary>The fallback: the image's tree copied once into the container layer with the mapped owners.</summary>
    private string MappedImageCopy(ContainerLayerPaths paths, ContainerIdMap map)
    {
        string copy = Path.Combine(paths.Directory, "mapped");
        if (Directory.Exists(copy))
        {
            return copy;
        }

        string temp = copy + ".tmp";
        LayerStore.RemoveTree(temp);
        Directory.CreateDirectory(temp);
        if (paths.ParentLayerId is { } top)
        {
            string tree = AcquireLayerTree(top);
            try
            {
                TreeCopy.CopyContents(tree, temp);
            }
            finally
            {
                ReleaseLayerTree(tree);
            }
        }

        TreeOwnershipShifter.Shift(temp, map);
        Directory.Move(temp, copy);
        return copy;
    }

    /// <summary>Whether this process may open /dev/fuse (mode 0600 on some systems, or absent).</summary>
    private static bool FuseUsable()
    {
        try
        {
            Interop.Close(Interop.Open("/dev/fuse", Interop.OpenReadWrite | Interop.OpenCloseOnExec, 0));
            return true;
        }
        catch (LinuxException)
        {
            return false;
        }
    }

    private static string? FuseOverlayProgram()
        => new[] { "/usr/bin/fuse-overlayfs", "/usr/local/bin/fuse-overlayfs", "/bin/fuse-overlayfs" }.FirstOrDefault(File.Exists);

    private string BuildOverlayData(ContainerLayerPaths paths, bool relative, List<string> extra)
    {
        List<string> lowers = paths.ParentLayerId is null
            ? [ExternalLower(paths.Directory) ?? Path.Combine(paths.Directory, "empty")]
            : layers.LowerLinks(paths.ParentLayerId).Select(l => relative ? l : Path.Combine(layers.Root, l)).ToList();
        var parts = new List<string>
        {
            "lowerdir=" + string.Join(':', lowers),
            "upperdir=" + paths.UpperDir,
            "workdir=" + paths.WorkDir,
        };
        parts.AddRange(extra);
        return string.Join(',', parts);
    }

    private void RunMountProgram(string program, string data, string target)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = layers.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-o");
        info.ArgumentList.Add(data);
        info.ArgumentList.Add(target);
        using Process process = Process.Start(info) ?? throw new VainaException($"cannot run {program}");
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new VainaException($"mounting {target} with {program}: {error.Result.Trim()}");
        }
    }

    private static void UnmountPath(string path)
    {
        const int ebusy = 16;
        try
        {
            Interop.Umount2(path, 0);
        }
        catch (LinuxException e) when (e.Errno == ebusy)
        {
            Interop.Umount2(path, Interop.UnmountDetach);
        }
    }

    private static readonly (string Name, ulong Flag, bool Set)[] KnownFlags =
    [
        ("nodev", Interop.MountNoDev, true), ("dev", Interop.MountNoDev, false),
        ("nosuid", Interop.MountNoSuid, true), ("suid", Interop.MountNoSuid, false),
        ("noexec", Interop.MountNoExec, true), ("exec", Interop.MountNoExec, false),
        ("ro", Interop.MountReadOnly, true), ("rw", Interop.MountReadOnly, false),

        // The rest of containers/storage's mount.ParseOptions flags (MS_SYNCHRONOUS, MS_MANDLOCK, MS_DIRSYNC,
        // MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME), so that e.g. mountopt "nodev,noatime" mounts.
        ("sync", 16, true), ("async", 16, false),
        ("mand", 64, true), ("nomand", 64, false),
        ("dirsync", 128, true),
        ("noatime", 1024, true), ("atime", 1024, false),
        ("nodiratime", 2048, true), ("diratime", 2048, false),
        ("relatime", 1UL << 21, true), ("norelatime", 1UL << 21, false),
        ("strictatime", 1UL << 24, true),
        ("defaults", 0, false),
    ];

    /// <summary>Splits "nodev,metacopy=on" into mount flags and filesystem data.</summary>
    private static (ulong Flags, List<string> Data) SplitMountOptions(string mountOptions)
    {
        ulong flags = 0;
        var data = new List<string>();
        foreach (string option in mountOptions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int known = Array.FindIndex(KnownFlags, f => f.Name == option);
            if (known < 0)
            {
                data.Add(option);
            }
            else if (KnownFlags[known].Set)
            {
                flags |= KnownFlags[known].Flag;
            }
            else
            {
                flags &= ~KnownFlags[known].Flag;
            }
        }

        return (flags, data);
    }

    private static IEnumerable<string> FlagNames(ulong flags)
        => KnownFlags.Where(f => f.Set && (flags & f.Flag) != 0).Select(f => f.Name);

    private static void CheckId(string containerId)
    {
        if (containerId.Length == 0 || containerId.Contains('/', StringComparison.Ordinal) || containerId.StartsWith('.'))
        {
            throw new VainaException($"invalid container id \"{containerId}\"");
        }
    }

    private void SweepOnce()
    {
        lock (sweepLock)
        {
            if (swept)
            {
                return;
            }

            swept = true;
        }

        LayerStore.SweepTempDirectories(Root);
    }
}
