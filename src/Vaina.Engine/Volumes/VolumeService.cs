using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vaina.Config;
using Vaina.Linux;
using Vaina.Storage.Containers;

namespace Vaina.Engine.Volumes;

/// <summary>
/// Named and anonymous volumes (Podman's local driver: &lt;volume path&gt;/&lt;name&gt;/_data, records in the state
/// DB) and the mounts of containers: <see cref="RegisterMounts"/> at create, <see cref="PrepareMounts"/> at
/// every start, <see cref="ReleaseMounts"/> at cleanup, <see cref="RemoveContainerMounts"/> at `rm`.
/// </summary>
public sealed partial class VolumeService
{
    private static readonly Regex NameRegex = new("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", RegexOptions.CultureInvariant);

    private readonly VainaEngine _engine;
    private VolumeStore? _store;

    internal VolumeService(VainaEngine engine)
    {
        _engine = engine;
    }

    /// <summary>
    /// Resolves a container name, id or id prefix to its full id (for --volumes-from), or null. Set by the
    /// container service; without it the containers table is read directly when it exists.
    /// </summary>
    public Func<string, string?>? ContainerResolver { get; set; }

    /// <summary>Removes a container (forcibly) for `volume rm -f` of a volume in use. Set by the container service.</summary>
    public Func<string, CancellationToken, Task>? ContainerRemover { get; set; }

    public VolumeStore Store => _store ??= new VolumeStore(_engine.Store.Database);

    public string VolumePath => _engine.Config.VolumePath;

    /// <summary>Podman's error for a missing volume.</summary>
    public static VainaException NotFound(string name) => new VolumeNotFoundException(name);

    /// <summary>Creates a volume (directory and record).</summary>
    public VolumeRecord Create(VolumeCreateOptions options)
    {
        var name = options.Name ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        if (!NameRegex.IsMatch(name))
        {
            throw new VainaException("running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }

        if (Store.TryGet(name) is { } existing)
        {
            return options.IgnoreIfExists ? existing : throw new VainaException($"volume with name {name} already exists: volume already exists");
        }

        if (options.Driver is not ("local" or ""))
        {
            throw new VainaException($"volume {name} uses volume plugin {options.Driver} but it could not be retrieved: no volume plugin with name {options.Driver} available: required plugin missing");
        }

        var (stored, uid, gid, noCopy) = ValidateLocalOptions(options.Options);
        var root = Path.Combine(VolumePath, name);
        var data = Path.Combine(root, "_data");
        bool createdRoot = !Directory.Exists(root);
        try
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.CreateDirectory(data);
            File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8));
            if (uid is not null || gid is not null)
            {
                Interop.Lchown(root, (uint)(uid ?? 0), (uint)(gid ?? 0));
                Interop.Lchown(data, (uint)(uid ?? 0), (uint)(gid ?? 0));
            }

            var record = new VolumeRecord
            {
                Name = name,
                Driver = "local",
                MountPoint = data,
                Created = DateTimeOffset.Now,
                Labels = new Dictionary<string, string>(options.Labels),
                Options = stored,
                Anonymous = options.Anonymous,
                NeedsCopyUp = !noCopy,
                NeedsChown = uid is null && gid is null,
                Uid = uid,
                Gid = gid,
            };
            Store.Database.RunInTransaction((connection, transaction) =>
            {
                if (VolumeStore.Exists(connection, transaction, name))
                {
                    throw new VainaException($"volume with name {name} already exists: volume already exists");
                }

                VolumeStore.Insert(connection, transaction, record);
            });
            return record;
        }
        catch when (createdRoot)
        {
            TryDeleteTree(root);
            throw;
        }
    }

    /// <summary>By exact name or unambiguous prefix; null when nothing matches.</summary>
    public VolumeRecord? TryGet(string nameOrPrefix)
    {
        if (nameOrPrefix.Length == 0)
        {
            return null;
        }

        if (Store.TryGet(nameOrPrefix) is { } exact)
        {
            return exact;
        }

        var names = Store.NamesWithPrefix(nameOrPrefix);
        return names.Count switch
        {
            0 => null,
            1 => Store.TryGet(names[0]),
            _ => throw new VainaException($"more than one result for volume name {nameOrPrefix}: volume already exists"),
        };
    }

    public VolumeRecord Get(string nameOrPrefix) => TryGet(nameOrPrefix) ?? throw NotFound(nameOrPrefix);

    public bool Exists(string name) => TryGet(name) is not null;

    /// <summary>Volumes matching every filter key (values of one key are alternatives), in creation order.</summary>
    public IReadOnlyList<VolumeRecord> List(IEnumerable<string>? filters = null)
    {
        var predicate = VolumeFilter.Build(filters ?? [], "volume");
        var all = Store.List();
        if (predicate is null)
        {
            return all;
        }

        var users = Store.UserCounts();
        return all.Where(v => predicate(v, users.GetValueOrDefault(v.Name))).ToList();
    }

    /// <summary>Podman's InspectVolumeData as JSON (also the objects of `volume ls --format json`).</summary>
    public JsonObject Inspect(VolumeRecord v)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in v.Labels.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            labels[key] = value;
        }

        var options = new JsonObject();
        foreach (var (key, value) in v.Options.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            options[key] = value;
        }

        var node = new JsonObject
        {
            ["Name"] = v.Name,
            ["Driver"] = v.Driver,
            ["Mountpoint"] = v.MountPoint,
            ["CreatedAt"] = GoRfc3339Nano(v.Created.ToLocalTime()),
            ["Labels"] = labels,
            ["Scope"] = "local",
            ["Options"] = options,
        };
        if (v.Uid is { } uid and not 0)
        {
            node["UID"] = uid;
        }

        if (v.Gid is { } gid and not 0)
        {
            node["GID"] = gid;
        }

        if (v.Anonymous)
        {
            node["Anonymous"] = true;
        }

        node["MountCount"] = v.MountCount;
        if (v.NeedsCopyUp)
        {
            node["NeedsCopyUp"] = true;
        }

        if (v.NeedsChown)
        {
            node["NeedsChown"] = true;
        }

        node["LockNumber"] = LockNumber(v.Name);
        return node;
    }

    /// <summary>Containers (ids) whose mounts use the volume.</summary>
    public IReadOnlyList<string> Users(string name) => Store.Users(name);

    /// <summary>
    /// Removes a volume. In use: Podman's "being used" error (exit 2), unless <paramref name="force"/>, which
    /// removes those containers first through <see cref="ContainerRemover"/>.
    /// </summary>
    public async Task RemoveAsync(string nameOrPrefix, bool force, CancellationToken cancellationToken = default)
    {
        var volume = Get(nameOrPrefix);
        var users = Store.Users(volume.Name);
        if (users.Count > 0)
        {
            if (!force || ContainerRemover is null)
            {
                throw new VolumeInUseException(volume.Name, users);
            }

            foreach (var id in users)
            {
                await ContainerRemover(id, cancellationToken).ConfigureAwait(false);
            }

            // A container removed without going through RemoveContainerMounts must not keep the volume alive.
            Store.Database.RunInTransaction((connection, transaction) =>
            {
                foreach (var id in users)
                {
                    VolumeStore.DeleteContainerMounts(connection, transaction, id);
                }
            });
        }

        RemoveUnused(volume);
    }

    /// <summary>Removes every unused volume that matches the filters (label, label!, until); returns the names and sizes.</summary>
    public IReadOnlyList<(string Name, long Size)> Prune(IEnumerable<string>? filters = null)
    {
        var predicate = VolumeFilter.Build(filters ?? [], "prune");
        var users = Store.UserCounts();
        var removed = new List<(string, long)>();
        foreach (var v in Store.List())
        {
            if (users.ContainsKey(v.Name) || (predicate is not null && !predicate(v, 0)))
            {
                continue;
            }

            long size = DirectorySize(v.MountPoint);
            try
            {
                RemoveUnused(v);
                removed.Add((v.Name, size));
            }
            catch (VolumeInUseException)
            {
                // Taken by a container created meanwhile.
            }
        }

        return removed;
    }

    /// <summary>Names the `prune` would remove (for its confirmation prompt).</summary>
    public IReadOnlyList<string> PruneCandidates(IEnumerable<string>? filters = null)
    {
        var predicate = VolumeFilter.Build(filters ?? [], "prune");
        var users = Store.UserCounts();
        return Store.List().Where(v => !users.ContainsKey(v.Name) && (predicate is null || predicate(v, 0))).Select(v => v.Name).ToList();
    }

    /// <summary>`volume mount`: mounts the volume's filesystem if it has one, counts the user, returns the path.</summary>
    public string Mount(string nameOrPrefix)
    {
        var volume = Get(nameOrPrefix);
        if (volume.NeedsMount)
        {
            AcquireFilesystem(volume);
        }

        return volume.MountPoint;
    }

    /// <summary>`volume unmount`: drops one user; the filesystem is unmounted when none is left.</summary>
    public void Unmount(string nameOrPrefix)
    {
        var volume = Get(nameOrPrefix);
        if (volume.NeedsMount)
        {
            ReleaseFilesystem(volume.Name);
        }
    }

    private void RemoveUnused(VolumeRecord volume)
    {
        Store.Database.RunInTransaction((connection, transaction) =>
        {
            var users = VolumeStore.Users(connection, transaction, volume.Name);
            if (users.Count > 0)
            {
                throw new VolumeInUseException(volume.Name, users);
            }

            VolumeStore.Delete(connection, transaction, volume.Name);
        });

        // The record is gone first: a crash now leaves a stray directory, never a record without data.
        if (MountInfo.IsMountPoint(volume.MountPoint))
        {
            Interop.Umount2(volume.MountPoint, Interop.UnmountDetach);
        }

        TryDeleteTree(Path.Combine(VolumePath, volume.Name));
    }

    private void AcquireFilesystem(VolumeRecord volume)
        => WithVolumeLock(volume.Name, () =>
        {
            Store.Database.RunInTransaction((connection, transaction) => VolumeStore.AddMountCount(connection, transaction, volume.Name, 1));
            if (!MountInfo.IsMountPoint(volume.MountPoint))
            {
                try
                {
                    MountVolumeFilesystem(volume);
                }
                catch
                {
                    Store.Database.RunInTransaction((connection, transaction) => VolumeStore.AddMountCount(connection, transaction, volume.Name, -1));
                    throw;
                }
            }
        });

    private void ReleaseFilesystem(string name)
        => WithVolumeLock(name, () =>
        {
            int left = Store.Database.RunInTransaction((connection, transaction) => VolumeStore.AddMountCount(connection, transaction, name, -1));
            var volume = Store.TryGet(name);
            if (left == 0 && volume is not null && MountInfo.IsMountPoint(volume.MountPoint))
            {
                Interop.Umount2(volume.MountPoint, 0);
            }
        });

    /// <summary>Serialises mounting and unmounting of one volume across vaina processes (count and mount state stay in step).</summary>
    private void WithVolumeLock(string name, Action action)
        => AtomicFile.WithLock(Path.Combine(_engine.Config.RunRoot, "volume-locks", name), () =>
        {
            action();
            return 0;
        });

    /// <summary>The local driver's mount: `mount -t TYPE -o O DEVICE MOUNTPOINT` (bind: a recursive bind).</summary>
    private static void MountVolumeFilesystem(VolumeRecord volume)
    {
        volume.Options.TryGetValue("type", out var type);
        volume.Options.TryGetValue("device", out var device);
        volume.Options.TryGetValue("o", out var o);
        var args = new List<string>();
        if (type is "bind" || (o?.Split(',').Contains("bind") ?? false) || (o?.Split(',').Contains("rbind") ?? false))
        {
            args.Add("--rbind");
            o = string.Join(',', (o ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Where(x => x is not ("bind" or "rbind")));
        }
        else if (!string.IsNullOrEmpty(type))
        {
            args.Add("-t");
            args.Add(type);
        }

        if (!string.IsNullOrEmpty(o))
        {
            args.Add("-o");
            args.Add(o);
        }

        args.Add(string.IsNullOrEmpty(device) ? type ?? "none" : device);
        args.Add(volume.MountPoint);
        RunTool("mount", args, $"mounting volume {volume.Name}");
    }

    internal static void RunTool(string program, IReadOnlyList<string> args, string what, Stream? stdin = null, Stream? stdout = null)
    {
        var info = new global::System.Diagnostics.ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = stdout is not null,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = global::System.Diagnostics.Process.Start(info) ?? throw new VainaException($"{what}: cannot run {program}");
        var error = process.StandardError.ReadToEndAsync();
        Task? copy = null;
        if (stdout is not null)
        {
            copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        }

        if (stdin is not null)
        {
            try
            {
                stdin.CopyTo(process.StandardInput.BaseStream);
            }
            catch (IOException)
            {
                // The tool exited early; its message says why.
            }

            process.StandardInput.Close();
        }

        copy?.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new VainaException($"{what}: {error.Result.Trim()}");
        }
    }

    /// <summary>Podman's local driver options: known keys only; uid/gid become the volume's owner.</summary>
    private static (Dictionary<string, string> Stored, int? Uid, int? Gid, bool NoCopy) ValidateLocalOptions(IReadOnlyDictionary<string, string> options)
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        int? uid = null, gid = null;
        bool noCopy = false;
        foreach (var (rawKey, value) in options)
        {
            var key = rawKey.ToLowerInvariant();
            switch (key)
            {
                case "device":
                    if (options.TryGetValue("type", out var t) && t.Equals("bind", StringComparison.OrdinalIgnoreCase) && !Path.Exists(value))
                    {
                        throw new VainaException($"invalid volume option device for driver 'local': stat {value}: no such file or directory");
                    }

                    stored[key] = value;
                    break;
                case "type" or "size" or "inodes":
                    stored[key] = value;
                    break;
                case "uid":
                    uid = ParseId(value, "UID");
                    break;
                case "gid":
                    gid = ParseId(value, "GID");
                    break;
                case "o":
                    var kept = new List<string>();
                    foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (part.StartsWith("uid=", StringComparison.Ordinal))
                        {
                            uid = ParseId(part[4..], "UID");
                        }
                        else if (part.StartsWith("gid=", StringComparison.Ordinal))
                        {
                            gid = ParseId(part[4..], "GID");
                        }
                        else if (part == "nocopy")
                        {
                            noCopy = true;
                        }
                        else if (part == "copy")
                        {
                        }
                        else
                        {
                            kept.Add(part);
                        }
                    }

                    if (kept.Count > 0)
                    {
                        stored[key] = string.Join(',', kept);
                    }

                    break;
                default:
                    throw new VainaException($"invalid mount option {rawKey} for driver 'local': invalid argument");
            }
        }

        if (stored.ContainsKey("size") || stored.ContainsKey("inodes"))
        {
            if (!stored.ContainsKey("type"))
            {
                throw new VainaException("Volume options size and inodes not supported. Filesystem does not support Project Quota");
            }
        }

        return (stored, uid, gid, noCopy);

        static int ParseId(string text, string what)
            => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new VainaException($"cannot convert {what} {text} to integer: strconv.Atoi: parsing \"{text}\": invalid syntax");
    }

    /// <summary>Go's time.RFC3339Nano as encoding/json writes it: trailing zeros trimmed, "Z" for UTC.</summary>
    private static string GoRfc3339Nano(DateTimeOffset time)
        => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
            + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture));

    private static uint LockNumber(string name)
    {
        // Podman shows the number of the volume's lock; vaina has none, so a stable small number stands in.
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash % 2048;
    }

    internal static long DirectorySize(string path)
    {
        try
        {
            return new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }).Sum(f => f.LinkTarget is null ? f.Length : 0);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    internal static void TryDeleteTree(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
