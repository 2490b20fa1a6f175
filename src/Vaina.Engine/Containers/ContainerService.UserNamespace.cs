using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Vaina.Linux.Namespaces;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// The container's own user namespace from its flags (see <see cref="UserNamespaceResolver"/>); a pod
    /// member joins its infra container's, as Podman ignores --userns there.
    /// </summary>
    private ContainerUserNamespace? ResolveUserNamespace(ContainerConfig c, string? topLayerId, TextWriter? warnings)
    {
        if (c.Pod is not null && !c.IsInfra && _engine.Pods.Get(c.Pod).InfraId is { } infraId
            && Records.TryGet(infraId)?.Config.UserNamespace is { } infra)
        {
            return new ContainerUserNamespace
            {
                Mode = infra.Mode,
                Container = infraId,
                UidMap = infra.UidMap,
                GidMap = infra.GidMap,
                KeepIdUid = infra.KeepIdUid,
                KeepIdGid = infra.KeepIdGid,
            };
        }

        var used = Records.List().Select(r => r.Config.UserNamespace).Where(n => n is { Mode: "auto", Container: null }).ToList();
        var resolver = new UserNamespaceResolver
        {
            Rootless = _engine.Config.IsRootless,
            HostUid = _engine.Config.Identity.Uid,
            HostGid = _engine.Config.IsRootless ? RootlessMarker.HostGid() : 0,
            OwnUids = NamespaceFiles.UidMap(0) ?? [],
            OwnGids = NamespaceFiles.GidMap(0) ?? [],
            DefaultMode = _engine.Config.Containers.Containers.UserNs,
            MaxAutoSize = _engine.Config.Containers.Containers.UserNsSize,
            UsedAutoUids = [.. used.SelectMany(n => n!.UidMap).Select(m => (m.HostId, m.Size))],
            UsedAutoGids = [.. used.SelectMany(n => n!.GidMap).Select(m => (m.HostId, m.Size))],
            ImageMaxId = () => topLayerId is null ? 0 : ImageMaxId(topLayerId),
            Warnings = warnings,
        };
        var ns = resolver.Resolve(c);
        if (ns is { Mode: "ns", Path: { } path })
        {
            // The rootfs must show the namespace's own mapping: read it from a process inside.
            var (uids, gids) = ReadNamespaceMaps(path);
            ns.UidMap = [.. uids.Select(UserNamespaceMapping.From)];
            ns.GidMap = [.. gids.Select(UserNamespaceMapping.From)];
        }

        return ns;
    }

    /// <summary>
    /// The user namespace file the runtime joins: a pod member its infra's, ns:PATH that path, a container with
    /// maps of its own the namespace vaina made before the network (see <see cref="PrepareUserNamespace"/>).
    /// </summary>
    private string? UserNamespacePathOf(ContainerRecord record)
    {
        var c = record.Config;
        if (c.UserNamespace is { Container: { } infra })
        {
            return UserNamespaceFileOf(infra);
        }

        return c.UserNamespace is null ? null : c.UserNamespace.Path ?? UserNamespaceFileOf(record.Id);
    }

    private string UserNamespaceFileOf(string id) => Path.Combine(PathsFor(id).Bundle, "userns");

    /// <summary>
    /// Makes the container's user namespace before its network namespace (kept as a bind-mounted file in the
    /// run directory), as Podman configures the network inside it: the network namespace then belongs to the
    /// container's user namespace, which may mount sysfs and set net.* sysctls, and pod members that join the
    /// infra's user namespace may also join its network namespace. Returns the file, or null.
    /// </summary>
    private string? PrepareUserNamespace(ContainerRecord record)
    {
        if (record.Config.UserNamespace is not { } ns)
        {
            return null;
        }

        if (ns.Container is { } infra)
        {
            string file = UserNamespaceFileOf(infra);
            return File.Exists(file) ? file : throw new VainaException($"cannot join the user namespace of container {infra}: it is not running");
        }

        if (ns.Path is { } path)
        {
            return path;
        }

        string own = UserNamespaceFileOf(record.Id);
        MappedUserNamespace.RemoveFile(own);
        MappedUserNamespace.CreateFile(ns.Uids, ns.Gids, own);
        return own;
    }

    /// <summary>
    /// Rootless, a container whose user namespace does not map the user (auto, nomap, most --uidmap) cannot
    /// reach its rootfs under the user's 0700 directories: the runtime's own bind mount of it fails. The rootfs
    /// is then bind-mounted at /tmp/vaina-rootfs-UID/ID, a tmpfs mounted there inside the user's private mount
    /// namespace (other users see an empty directory), every component traversable.
    /// </summary>
    private string ExposeRootfs(ContainerRecord record, string rootfs)
    {
        if (!_engine.Config.IsRootless || record.Config.UserNamespace is not { UidMap.Count: > 0 } ns || IdMapLookup.ToContainer(ns.Uids, 0) is not null)
        {
            return rootfs;
        }

        string top = ExposedRootfsDirectory();
        if (!Storage.Containers.MountInfo.IsMountPoint(top))
        {
            Directory.CreateDirectory(top);
            var owner = Vaina.Linux.Interop.GetFileOwnership(top, followSymlinks: false);
            if (owner.Uid != 0 || (owner.Mode & 0xF000) != 0x4000)
            {
                throw new VainaException($"{top} is not a directory of the current user");
            }

            Vaina.Linux.Interop.Mount("tmpfs", top, "tmpfs", Vaina.Linux.Interop.MountNoDev | Vaina.Linux.Interop.MountNoSuid, "mode=0711");
        }

        string target = Path.Combine(top, record.Id);
        Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        if (!Storage.Containers.MountInfo.IsMountPoint(target))
        {
            Vaina.Linux.Interop.Mount(rootfs, target, null, BindFlag, null);
        }

        return target;
    }

    private void UnexposeRootfs(string id)
    {
        string userns = UserNamespaceFileOf(id);
        if (File.Exists(userns))
        {
            MappedUserNamespace.RemoveFile(userns);
        }

        if (!_engine.Config.IsRootless)
        {
            return;
        }

        string target = Path.Combine(ExposedRootfsDirectory(), id);
        if (Directory.Exists(target))
        {
            Vaina.Linux.Interop.Umount2(target, Vaina.Linux.Interop.UnmountDetach);
            Directory.Delete(target);
        }
    }

    private const ulong BindFlag = 4096;

    private string ExposedRootfsDirectory() => "/tmp/vaina-rootfs-" + _engine.Config.Identity.Uid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The largest id below 65534 named in the image's /etc/passwd and /etc/group (auto's size).</summary>
    private uint ImageMaxId(string topLayerId)
    {
        string tree = _engine.Store.Containers.AcquireLayerTree(topLayerId);
        try
        {
            uint max = 0;
            foreach (var (file, field) in new[] { ("etc/passwd", 2), ("etc/passwd", 3), ("etc/group", 2) })
            {
                string path = Path.Combine(tree, file);
                if (!File.Exists(path))
                {
                    continue;
                }

                foreach (string line in File.ReadLines(path))
                {
                    string[] f = line.Split(':');
                    if (f.Length > field && uint.TryParse(f[field], NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id < 65534)
                    {
                        max = Math.Max(max, id);
                    }
                }
            }

            return max;
        }
        finally
        {
            _engine.Store.Containers.ReleaseLayerTree(tree);
        }
    }

    private static (IReadOnlyList<IdMapping> Uids, IReadOnlyList<IdMapping> Gids) ReadNamespaceMaps(string path)
    {
        if (ProcNamespace().Match(path) is { Success: true } m)
        {
            int pid = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return (NamespaceFiles.UidMap(pid) ?? [], NamespaceFiles.GidMap(pid) ?? []);
        }

        return (IdMapping.ParseMapFile(RunInNamespace(path, "/proc/self/uid_map")), IdMapping.ParseMapFile(RunInNamespace(path, "/proc/self/gid_map")));

        static string RunInNamespace(string ns, string file)
        {
            var info = new ProcessStartInfo(ExecutableLocator.Find("nsenter") ?? "nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "--user=" + ns, "--preserve-credentials", "cat", file })
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info) ?? throw new VainaException("cannot run nsenter");
            string output = p.StandardOutput.ReadToEnd();
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : throw new VainaException($"reading the id mappings of user namespace {ns}: {error.Trim()}");
        }
    }

    [GeneratedRegex("^/proc/([0-9]+)/ns/user$")]
    private static partial Regex ProcNamespace();
}
