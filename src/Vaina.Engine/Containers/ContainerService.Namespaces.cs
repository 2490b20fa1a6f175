using System.Globalization;
using Vaina.Linux;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>containers.conf's shm_size, for containers created without --shm-size.</summary>
    public string ShmSizeDefault => _engine.Config.Containers.Containers.ShmSize;

    /// <summary>
    /// The /dev/shm size of a container without --shm-size: Podman reads containers.conf's shm_size with decimal
    /// multiples (go-units FromHumanSize), so the default "65536k" is 65 536 000 bytes (`size=64000k` in the mount).
    /// </summary>
    public static long DefaultShmBytes(string configured) => ByteSizeParser.TryParseDecimal(configured, out var bytes) ? bytes : 65536000;

    /// <summary>
    /// The host directory bind-mounted as /dev/shm, or null for a tmpfs mounted by the runtime (or, with
    /// --ipc none, no /dev/shm at all). As in Podman: a shareable IPC namespace (the default) gets a tmpfs
    /// under its run dir (its userdata/shm, mounted here); --ipc host binds the host's /dev/shm; --ipc private
    /// gets the runtime's tmpfs inside its own mount namespace; a container joined with --ipc container:X (a pod
    /// member joining its infra container, too) binds X's, so both see the same /dev/shm. A tmpfs in another
    /// container's mount namespace cannot be shared: the kernel refuses a bind mount from another mount namespace.
    /// </summary>
    private string? PrepareShm(ContainerRecord record)
    {
        var c = record.Config;
        if (c.IpcMode is null or "shareable")
        {
            var path = ShmPathOf(record.Id);
            // A new run dir has no mount yet: mountinfo is read only when the directory is left from an
            // earlier start (a restart), so a plain `run` pays a mkdir and a mount.
            if (Directory.Exists(path) && Storage.Containers.MountInfo.IsMountPoint(path))
            {
                return path;
            }

            Directory.CreateDirectory(path);
            var size = c.ShmSize is { } given && ByteSizeParser.TryParse(given, out var bytes) ? bytes : DefaultShmBytes(_engine.Config.Containers.Containers.ShmSize);
            try
            {
                Interop.Mount("shm", path, "tmpfs", Interop.MountNoSuid | Interop.MountNoDev | Interop.MountNoExec,
                    "mode=1777,size=" + size.ToString(CultureInfo.InvariantCulture));
            }
            catch (LinuxException)
            {
                // No right to mount here (rootless outside a user namespace): the runtime's private tmpfs.
                return null;
            }

            return path;
        }

        return SharedShmOf(c.IpcMode, depth: 0);
    }

    /// <summary>The /dev/shm a container with this --ipc mode offers to others (null: none outside its mount namespace).</summary>
    private string? SharedShmOf(string? mode, int depth)
    {
        switch (mode)
        {
            case null or "shareable":
                return null;
            case "host":
                return HostShm;
        }

        if (depth < 8 && mode.StartsWith(ContainerPrefix, StringComparison.Ordinal)
            && Records.TryGet(mode[ContainerPrefix.Length..]) is { } donor)
        {
            if (donor.Config.IpcMode is null or "shareable")
            {
                var shared = ShmPathOf(donor.Id);
                return Storage.Containers.MountInfo.IsMountPoint(shared) ? shared : null;
            }

            return SharedShmOf(donor.Config.IpcMode, depth + 1);
        }

        return null;
    }

    private const string HostShm = "/dev/shm";

    private void ReleaseShm(string id) => Interop.Umount2(ShmPathOf(id), Interop.UnmountDetach);

    private string ShmPathOf(string id) => Path.Combine(PathsFor(id).Bundle, "shm");
}
