using System.Text.Json.Nodes;
using Vaina.Linux;
using Vaina.Runtime;
using Vaina.Storage;
using Vaina.Storage.Containers;
using Vaina.Storage.State;

namespace Vaina.Engine.Volumes;

public sealed partial class VolumeService
{
    /// <summary>
    /// Resolves the container's mounts once, at create: named volumes that do not exist are created, -v /path
    /// and the image's VOLUMEs get anonymous volumes, host paths must exist (Podman's statfs error), and
    /// --volumes-from copies the other container's recorded volume and bind mounts. The result is recorded
    /// (so the volumes are in use from now on); calling it again for the same container returns the record.
    /// </summary>
    public IReadOnlyList<RecordedMount> RegisterMounts(ContainerMountSpec spec, string containerId, IReadOnlyDictionary<string, object>? imageVolumes = null)
        => RegisterMounts<object>(spec, containerId, imageVolumes);

    /// <inheritdoc cref="RegisterMounts(ContainerMountSpec, string, IReadOnlyDictionary{string, object}?)"/>
    /// <remarks>Only the keys of <paramref name="imageVolumes"/> matter (the image config's `Volumes`, e.g. a Dictionary&lt;string, JsonElement&gt;).</remarks>
    public IReadOnlyList<RecordedMount> RegisterMounts<TValue>(ContainerMountSpec spec, string containerId, IReadOnlyDictionary<string, TValue>? imageVolumes)
    {
        if (Store.TryGetContainerMounts(containerId) is { } recorded)
        {
            return recorded;
        }

        var requests = MountSpecParser.Parse(spec.Volumes, spec.Mounts).ToList();
        var destinations = new HashSet<string>(requests.Select(r => r.Destination), StringComparer.Ordinal);

        // containers.conf `volumes` apply to every container, unless the user mounted something there.
        foreach (var value in _engine.Config.Containers.Containers.Volumes)
        {
            var request = MountSpecParser.ParseVolume(value);
            if (destinations.Add(request.Destination))
            {
                requests.Add(request);
            }
        }

        var resolved = new List<RecordedMount>();
        foreach (var from in spec.VolumesFrom)
        {
            foreach (var m in VolumesFrom(from))
            {
                if (destinations.Add(m.Destination))
                {
                    resolved.Add(m);
                }
            }
        }

        if (imageVolumes is not null && spec.ImageVolumeMode != "ignore")
        {
            if (spec.ImageVolumeMode is not ("bind" or "tmpfs" or "anonymous"))
            {
                throw new VainaException($"invalid image volume mode \"{spec.ImageVolumeMode}\": must be one of bind, tmpfs, or ignore");
            }

            foreach (var path in imageVolumes.Keys.Order(StringComparer.Ordinal))
            {
                var destination = MountSpecParser.CleanPath(path);
                if (!destinations.Add(destination))
                {
                    continue;
                }

                requests.Add(spec.ImageVolumeMode == "tmpfs"
                    ? new MountRequest { Kind = MountKind.Tmpfs, Source = "tmpfs", Destination = destination, Options = ["rw", "nodev", "nosuid"] }
                    : new MountRequest { Kind = MountKind.Volume, Destination = destination });
            }
        }

        var created = new List<VolumeRecord>();
        try
        {
            foreach (var r in requests)
            {
                resolved.Add(Resolve(r, created));
            }

            Store.Database.RunInTransaction((connection, transaction) =>
            {
                if (VolumeStore.ReadMounts(connection, transaction, containerId) is null)
                {
                    VolumeStore.InsertContainerMounts(connection, transaction, containerId, resolved);
                }
            });
        }
        catch
        {
            // Volumes this call created for nobody else are not left behind.
            foreach (var v in created)
            {
                try
                {
                    RemoveUnused(v);
                }
                catch (VainaException)
                {
                }
            }

            throw;
        }

        return Store.TryGetContainerMounts(containerId) ?? resolved;
    }

    /// <summary>
    /// Makes the container's mounts ready for a start and returns them for <see cref="ContainerRunOptions.Mounts"/>:
    /// volumes with a filesystem are mounted, a new volume gets a copy of the image's content at its target
    /// (copy-up) and its owner (chown), :U sources are chowned to the container user, :O gets a fresh overlay.
    /// Registers the mounts first when <see cref="RegisterMounts"/> was not called. Undo with <see cref="ReleaseMounts"/>.
    /// </summary>
    public PreparedMounts PrepareMounts(ContainerMountSpec spec, string containerId, string rootfsPath, IReadOnlyDictionary<string, object>? imageVolumes, (uint Uid, uint Gid) containerUser)
        => PrepareMounts<object>(spec, containerId, rootfsPath, imageVolumes, containerUser);

    /// <inheritdoc cref="PrepareMounts(ContainerMountSpec, string, string, IReadOnlyDictionary{string, object}?, ValueTuple{uint, uint})"/>
    public PreparedMounts PrepareMounts<TValue>(ContainerMountSpec spec, string containerId, string rootfsPath, IReadOnlyDictionary<string, TValue>? imageVolumes, (uint Uid, uint Gid) containerUser)
    {
        var records = RegisterMounts(spec, containerId, imageVolumes);
        bool alreadyHeld = Store.Database.RunInTransaction((connection, transaction) => VolumeStore.SetHeldMounts(connection, transaction, containerId, true));
        var mounts = new List<BindMount>();
        var names = new List<string>();
        try
        {
            for (int i = 0; i < records.Count; i++)
            {
                var r = records[i];
                switch (r.Kind)
                {
                    case MountKind.Bind:
                        if (r.Options.Contains("U"))
                        {
                            ChownTree(r.Source, containerUser.Uid, containerUser.Gid);
                        }

                        mounts.Add(new BindMount(r.Source, r.Destination, RuntimeOptions(r, volume: false)));
                        break;
                    case MountKind.Volume:
                        var volume = Store.TryGet(r.Source) ?? throw NotFound(r.Source);
                        if (!names.Contains(volume.Name))
                        {
                            names.Add(volume.Name);
                        }

                        if (volume.NeedsMount && (!alreadyHeld || !MountInfo.IsMountPoint(volume.MountPoint)))
                        {
                            AcquireFilesystem(volume);
                        }

                        PrepareVolumeContent(volume, r, rootfsPath, containerUser);
                        string source = r.SubPath is null ? volume.MountPoint : SubPath(volume, r.SubPath);
                        mounts.Add(r.Options.Contains("O")
                            ? OverlayMount(containerId, i, source, r)
                            : new BindMount(source, r.Destination, RuntimeOptions(r, volume: true)));
                        break;
                    case MountKind.Overlay:
                        if (r.Options.Contains("U"))
                        {
                            ChownTree(r.Source, containerUser.Uid, containerUser.Gid);
                        }

                        mounts.Add(OverlayMount(containerId, i, r.Source, r));
                        break;
                    case MountKind.Tmpfs or MountKind.Ramfs:
                        var tmpfsOptions = TmpfsOptions(r, containerUser);
                        mounts.Add(new BindMount(r.Source, r.Destination, tmpfsOptions, r.Kind == MountKind.Tmpfs ? "tmpfs" : "ramfs"));
                        break;
                    case MountKind.Devpts:
                        mounts.Add(new BindMount("devpts", r.Destination, r.Options.Count == 0 ? ["nosuid", "noexec"] : r.Options, "devpts"));
                        break;
                    default:
                        throw new VainaException("--mount type=image is not supported by vaina yet");
                }
            }
        }
        catch
        {
            ReleaseMounts(containerId);
            throw;
        }

        // Parents before children, as the runtime mounts them in order.
        var ordered = mounts.OrderBy(m => m.Destination.Count(c => c == '/') - (m.Destination == "/" ? 1 : 0)).ToList();
        return new PreparedMounts { Mounts = ordered, VolumeNames = names, InspectMounts = InspectMounts(records) };
    }

    /// <summary>Undoes what <see cref="PrepareMounts"/> took: volume filesystems (when no other user is left) and overlay scratch dirs. Idempotent.</summary>
    public void ReleaseMounts(string containerId)
    {
        bool held;
        IReadOnlyList<RecordedMount>? records;
        try
        {
            (held, records) = Store.Database.RunInTransaction((connection, transaction) =>
            {
                var list = VolumeStore.ReadMounts(connection, transaction, containerId);
                return (list is not null && VolumeStore.SetHeldMounts(connection, transaction, containerId, false), list);
            });
        }
        catch (VainaException)
        {
            return;
        }

        if (records is null)
        {
            return;
        }

        if (held)
        {
            foreach (var name in records.Where(r => r.Kind == MountKind.Volume).Select(r => r.Source).Distinct(StringComparer.Ordinal))
            {
                if (Store.TryGet(name) is { NeedsMount: true })
                {
                    ReleaseFilesystem(name);
                }
            }
        }

        TryDeleteTree(OverlayRoot(containerId));
    }

    /// <summary>
    /// For `rm`: releases the container's mounts and forgets them, so its volumes are no longer in use.
    /// With <paramref name="removeAnonymousVolumes"/> (`rm -v`, `run --rm`) its anonymous volumes that no other
    /// container uses are removed too. Returns the names of the removed volumes.
    /// </summary>
    public IReadOnlyList<string> RemoveContainerMounts(string containerId, bool removeAnonymousVolumes)
    {
        ReleaseMounts(containerId);
        var records = Store.TryGetContainerMounts(containerId);
        if (records is null)
        {
            return [];
        }

        Store.Database.RunInTransaction((connection, transaction) => VolumeStore.DeleteContainerMounts(connection, transaction, containerId));
        var removed = new List<string>();
        if (!removeAnonymousVolumes)
        {
            return removed;
        }

        foreach (var name in records.Where(r => r.Kind == MountKind.Volume).Select(r => r.Source).Distinct(StringComparer.Ordinal))
        {
            if (Store.TryGet(name) is { Anonymous: true } volume && Store.Users(name).Count == 0)
            {
                RemoveUnused(volume);
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>`rm -v` / `run --rm`: <see cref="RemoveContainerMounts"/> with anonymous volumes removed.</summary>
    public IReadOnlyList<string> RemoveAnonymousVolumes(string containerId) => RemoveContainerMounts(containerId, removeAnonymousVolumes: true);

    /// <summary>The container's recorded mounts (null when none were registered).</summary>
    public IReadOnlyList<RecordedMount>? GetContainerMounts(string containerId) => Store.TryGetContainerMounts(containerId);

    /// <summary>Names of the volumes the container uses.</summary>
    public IReadOnlyList<string> VolumesOf(string containerId)
        => (Store.TryGetContainerMounts(containerId) ?? []).Where(r => r.Kind == MountKind.Volume).Select(r => r.Source).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Podman's inspect `Mounts` for a container (an empty array when none were registered).</summary>
    public JsonArray InspectMounts(string containerId) => InspectMounts(Store.TryGetContainerMounts(containerId) ?? []);

    /// <summary>
    /// Podman's inspect `Config.Volumes`: every destination the container mounts something on (user volumes, bind
    /// mounts and the image's VOLUMEs), as a map to empty objects; null when there are none.
    /// </summary>
    public JsonObject? ConfigVolumes(string containerId)
    {
        var records = Store.TryGetContainerMounts(containerId) ?? [];
        if (records.Count == 0)
        {
            return null;
        }

        var volumes = new JsonObject();
        foreach (var destination in records.Select(r => r.Destination).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            volumes[destination] = new JsonObject();
        }

        return volumes;
    }

    /// <summary>Podman's InspectMount objects: Type, Name, Source, Destination, Driver, Mode, Options, RW, Propagation.</summary>
    public JsonArray InspectMounts(IReadOnlyList<RecordedMount> records)
    {
        var array = new JsonArray();
        foreach (var r in records.OrderBy(r => r.Destination, StringComparer.Ordinal))
        {
            var options = new JsonArray();
            foreach (var o in RuntimeOptions(r, r.Kind == MountKind.Volume).Where(o => o is not ("ro" or "rw") && !IsPropagation(o)))
            {
                options.Add((JsonNode)o);
            }

            var node = new JsonObject { ["Type"] = r.Kind switch { MountKind.Volume => "volume", MountKind.Tmpfs => "tmpfs", MountKind.Devpts => "devpts", MountKind.Image => "image", MountKind.Overlay => "bind", _ => "bind" } };
            if (r.Kind == MountKind.Volume)
            {
                node["Name"] = r.Source;
                node["Source"] = Store.TryGet(r.Source)?.MountPoint ?? Path.Combine(VolumePath, r.Source, "_data");
                node["Driver"] = "local";
            }
            else
            {
                // Podman's InspectMount tags Name "omptempty" (sic), so bind mounts show "Name": "" too.
                node["Name"] = string.Empty;
                node["Source"] = r.Source;
                node["Driver"] = string.Empty;
            }

            node["Destination"] = r.Destination;
            if (r.Kind != MountKind.Volume)
            {
                node.Remove("Driver");
                node["Driver"] = string.Empty;
            }

            node["Mode"] = r.Options.Contains("Z") ? "Z" : r.Options.Contains("z") ? "z" : r.Options.Contains("O") || r.Kind == MountKind.Overlay ? "O" : string.Empty;
            node["Options"] = options;
            node["RW"] = !r.ReadOnly;
            node["Propagation"] = r.Options.FirstOrDefault(IsPropagation) ?? (r.Kind is MountKind.Bind or MountKind.Volume ? "rprivate" : string.Empty);
            array.Add((JsonNode)node);
        }

        return array;
    }

    private RecordedMount Resolve(MountRequest r, List<VolumeRecord> created)
    {
        if (r.Options.Any(o => o.StartsWith("idmap", StringComparison.Ordinal)))
        {
            throw new VainaException($"{r.Destination}: idmapped mounts (\"idmap\") are not supported by vaina");
        }

        switch (r.Kind)
        {
            case MountKind.Bind or MountKind.Overlay:
                if (!Path.Exists(r.Source) && new FileInfo(r.Source).LinkTarget is null)
                {
                    throw new VainaException($"statfs {r.Source}: no such file or directory");
                }

                return new RecordedMount { Kind = r.Kind, Source = r.Source, Destination = r.Destination, Options = r.Options };
            case MountKind.Volume:
                string name = r.Source;
                if (name.Length == 0 || Store.TryGet(name) is null)
                {
                    var options = new VolumeCreateOptions
                    {
                        Name = name.Length == 0 ? null : name,
                        Anonymous = name.Length == 0,
                        Options = r.VolumeOptions,
                        IgnoreIfExists = true,
                    };
                    VolumeRecord volume;
                    try
                    {
                        volume = Create(options);
                    }
                    catch (VainaException e) when (name.Length > 0)
                    {
                        throw new VainaException($"creating named volume \"{name}\": {e.Message}");
                    }

                    created.Add(volume);
                    name = volume.Name;
                }

                if (r.SubPath is not null && (r.SubPath.Split('/').Contains("..") || r.SubPath.StartsWith('/')))
                {
                    throw new VainaException($"volume subpath \"{r.SubPath}\" must be relative and may not contain \"..\"");
                }

                return new RecordedMount { Kind = MountKind.Volume, Source = name, Destination = r.Destination, Options = r.Options, SubPath = r.SubPath };
            case MountKind.Image:
                throw new VainaException("--mount type=image is not supported by vaina yet");
            default:
                return new RecordedMount { Kind = r.Kind, Source = r.Source, Destination = r.Destination, Options = r.Options };
        }
    }

    /// <summary>--volumes-from CTR[:OPTIONS]: the other container's volume and bind mounts, ro/rw overridden when asked.</summary>
    private IEnumerable<RecordedMount> VolumesFrom(string value)
    {
        var parts = value.Split(':');
        if (parts.Length > 2)
        {
            throw new VainaException($"invalid --volumes-from specification: \"{value}\"");
        }

        string? mode = null;
        if (parts.Length == 2)
        {
            foreach (var opt in parts[1].Split(','))
            {
                switch (opt)
                {
                    case "ro" or "rw":
                        if (mode is not null)
                        {
                            throw new VainaException("cannot set ro or rw options more than once");
                        }

                        mode = opt;
                        break;
                    case "z":
                        break;
                    default:
                        throw new VainaException($"invalid options {parts[1]}, can only specify 'ro', 'rw', and 'z'");
                }
            }
        }

        string id = ResolveContainer(parts[0]) ?? throw new VainaException($"no container with name or ID \"{parts[0]}\" found: no such container");
        foreach (var m in Store.TryGetContainerMounts(id) ?? [])
        {
            if (m.Kind is not (MountKind.Volume or MountKind.Bind))
            {
                continue;
            }

            if (mode is null)
            {
                yield return m;
                continue;
            }

            var options = m.Options.Where(o => o is not ("ro" or "rw")).Append(mode).ToList();
            yield return m with { Options = options };
        }
    }

    private string? ResolveContainer(string nameOrId)
    {
        if (ContainerResolver?.Invoke(nameOrId) is { } resolved)
        {
            return resolved;
        }

        var fromTable = Store.Database.Read(connection =>
        {
            if (StateDatabase.Scalar(connection, null, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'containers'") is null)
            {
                return null;
            }

            if (StateDatabase.Scalar(connection, null, "SELECT id FROM containers WHERE id = @p0 OR name = @p0", nameOrId) is string exact)
            {
                return exact;
            }

            return StateDatabase.Scalar(connection, null, "SELECT id FROM containers WHERE substr(id, 1, length(@p0)) = @p0 LIMIT 1", nameOrId) as string;
        });
        if (fromTable is not null)
        {
            return fromTable;
        }

        var ids = Store.ContainerIdsWithPrefix(nameOrId);
        return ids.Count == 1 ? ids[0] : null;
    }

    /// <summary>Copy-up and first-use ownership of a volume, then :U.</summary>
    private void PrepareVolumeContent(VolumeRecord volume, RecordedMount r, string rootfsPath, (uint Uid, uint Gid) user)
    {
        string target = RootfsPath.Resolve(rootfsPath, r.Destination);
        if (volume.NeedsCopyUp && !r.Options.Contains("nocopy") && r.SubPath is null)
        {
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                if (!Directory.EnumerateFileSystemEntries(volume.MountPoint).Any())
                {
                    TreeCopy.CopyContents(target, volume.MountPoint);
                }

                Store.SetFlags(volume.Name, needsCopyUp: false);
            }
            else if (File.Exists(target))
            {
                // A file in the image where the volume goes: nothing to copy, as Podman.
                Store.SetFlags(volume.Name, needsCopyUp: false);
            }
        }

        if (volume.NeedsChown && !r.Options.Contains("U"))
        {
            // Podman's fixVolumePermissions: the container user, then the owner and mode of the image's directory.
            Interop.Lchown(volume.MountPoint, user.Uid, user.Gid);
            if (Directory.Exists(target))
            {
                var owner = Interop.GetFileOwnership(target);
                Interop.Lchown(volume.MountPoint, owner.Uid, owner.Gid);
                File.SetUnixFileMode(volume.MountPoint, (UnixFileMode)(owner.Mode & 0xFFF));
            }

            Store.SetFlags(volume.Name, needsChown: false);
        }

        if (r.Options.Contains("U"))
        {
            ChownTree(volume.MountPoint, user.Uid, user.Gid);
            if (volume.NeedsChown)
            {
                Store.SetFlags(volume.Name, needsChown: false);
            }
        }
    }

    private static string SubPath(VolumeRecord volume, string subPath)
    {
        string full = Path.GetFullPath(Path.Combine(volume.MountPoint, subPath));
        if (!full.StartsWith(volume.MountPoint + "/", StringComparison.Ordinal) && full != volume.MountPoint)
        {
            throw new VainaException($"volume subpath \"{subPath}\" escapes the volume");
        }

        if (!Path.Exists(full))
        {
            throw new VainaException($"cannot create volume subpath: stat {full}: no such file or directory");
        }

        return full;
    }

    private string OverlayRoot(string containerId) => Path.Combine(_engine.Config.RunRoot, "overlay-volumes", containerId);

    /// <summary>
    /// -v SRC:DST:O: SRC is the read-only lower layer; writes go to a per-container upper dir under the run root
    /// (discarded at cleanup) unless upperdir=/workdir= name persistent ones. The runtime mounts the overlay.
    /// </summary>
    private BindMount OverlayMount(string containerId, int index, string lower, RecordedMount r)
    {
        string? upper = r.Options.FirstOrDefault(o => o.StartsWith("upperdir=", StringComparison.Ordinal))?["upperdir=".Length..];
        string? work = r.Options.FirstOrDefault(o => o.StartsWith("workdir=", StringComparison.Ordinal))?["workdir=".Length..];
        if (upper is null || work is null)
        {
            string root = Path.Combine(OverlayRoot(containerId), index.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            TryDeleteTree(root);
            upper = Path.Combine(root, "upper");
            work = Path.Combine(root, "work");
            Directory.CreateDirectory(upper);
            Directory.CreateDirectory(work);
            var owner = Interop.GetFileOwnership(lower);
            Interop.Lchown(upper, owner.Uid, owner.Gid);
            File.SetUnixFileMode(upper, (UnixFileMode)(owner.Mode & 0xFFF));
        }
        else
        {
            Directory.CreateDirectory(upper);
            Directory.CreateDirectory(work);
        }

        var options = new List<string> { $"lowerdir={lower}", $"upperdir={upper}", $"workdir={work}", "private" };
        if (Storage.Layers.OverlayAttributes.MountOption is { } userxattr)
        {
            options.Add(userxattr);
        }

        if (r.ReadOnly)
        {
            options.Add("ro");
        }

        return new BindMount("overlay", r.Destination, options, "overlay");
    }

    /// <summary>Options runc understands, from Podman's vocabulary (z/Z/U/O/nocopy are vaina's business).</summary>
    private static List<string> RuntimeOptions(RecordedMount r, bool volume)
    {
        var result = new List<string>();
        if (volume)
        {
            if (!r.Options.Contains("suid"))
            {
                result.Add("nosuid");
            }

            if (!r.Options.Contains("dev"))
            {
                result.Add("nodev");
            }
        }

        result.Add(r.Options.Contains("bind") ? "bind" : "rbind");
        foreach (var o in r.Options)
        {
            if (o is "z" or "Z" or "U" or "O" or "copy" or "nocopy" or "no-dereference" or "bind" or "rbind" or "suid" or "dev"
                || o.StartsWith("upperdir=", StringComparison.Ordinal) || o.StartsWith("workdir=", StringComparison.Ordinal)
                || o.StartsWith("volume-opt=", StringComparison.Ordinal) || o.StartsWith("subpath=", StringComparison.Ordinal))
            {
                continue;
            }

            if (!result.Contains(o))
            {
                result.Add(o);
            }
        }

        if (!result.Contains("ro"))
        {
            result.Insert(result.IndexOf(r.Options.Contains("bind") ? "bind" : "rbind") + 1, "rw");
        }

        if (!result.Any(IsPropagation))
        {
            result.Add("rprivate");
        }

        return result;
    }

    private static List<string> TmpfsOptions(RecordedMount r, (uint Uid, uint Gid) user)
    {
        var options = new List<string> { "rw", "rprivate", "nosuid", "nodev" };
        foreach (var o in r.Options)
        {
            string? opposite = o switch
            {
                "ro" => "rw",
                "rw" => "ro",
                "suid" => "nosuid",
                "dev" => "nodev",
                "exec" => "noexec",
                "nosuid" => "suid",
                "nodev" => "dev",
                "noexec" => "exec",
                _ => null,
            };
            if (opposite is not null)
            {
                options.Remove(opposite);
            }

            if (o == "U")
            {
                options.Add($"uid={user.Uid}");
                options.Add($"gid={user.Gid}");
            }
            else if (o is not ("notmpcopyup" or "suid" or "dev" or "exec") && !options.Contains(o))
            {
                options.Add(o);
            }
        }

        if (r.Kind == MountKind.Tmpfs && !r.Options.Contains("notmpcopyup") && !options.Contains("tmpcopyup"))
        {
            options.Add("tmpcopyup");
        }

        return options;
    }

    private static bool IsPropagation(string o) => o is "private" or "rprivate" or "shared" or "rshared" or "slave" or "rslave" or "unbindable" or "runbindable";

    /// <summary>:U: the whole tree to the container user (symlinks themselves, not their targets).</summary>
    private static void ChownTree(string path, uint uid, uint gid)
    {
        Interop.Lchown(path, uid, gid);
        if (!Directory.Exists(path) || new DirectoryInfo(path).LinkTarget is not null)
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            Interop.Lchown(entry, uid, gid);
        }
    }
}
