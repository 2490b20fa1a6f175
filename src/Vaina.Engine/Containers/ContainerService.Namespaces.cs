using System.Globalization;
using Vaina.Linux;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// The host directory bind-mounted as /dev/shm, or null for a tmpfs mounted by the runtime. As in Podman
    /// (its userdata/shm), a container with its own IPC namespace gets a tmpfs under its run dir (mounted
    /// here), and a container joined with --ipc container:X (a pod member joining its infra container, too)
    /// bind-mounts X's, so both see the same /dev/shm. A private tmpfs in the container's mount namespace
    /// cannot be shared: the kernel refuses a bind mount from another mount namespace.
    /// </summary>
    private string? PrepareShm(ContainerRecord record)
    {
        var c = record.Config;
        if (c.IpcMode is null or "private" or "shareable")
        {
            var path = ShmPathOf(record.Id);
            // A new run dir has no mount yet: mountinfo is read only when the directory is left from an
            // earlier start (a restart), so a plain `run` pays a mkdir and a mount.
            if (Directory.Exists(path) && Storage.Containers.MountInfo.IsMountPoint(path))
            {
                return path;
            }

            Directory.CreateDirectory(path);
            var size = ByteSizeParser.TryParse(c.ShmSize ?? _engine.Config.Containers.Containers.ShmSize, out var bytes) ? bytes : 64L * 1024 * 1024;
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

        if (c.IpcMode.StartsWith(ContainerPrefix, StringComparison.Ordinal))
        {
            var shared = ShmPathOf(Get(c.IpcMode[ContainerPrefix.Length..]).Id);
            return Storage.Containers.MountInfo.IsMountPoint(shared) ? shared : null;
        }

        return null;
    }

    private void ReleaseShm(string id) => Interop.Umount2(ShmPathOf(id), Interop.UnmountDetach);

    private string ShmPathOf(string id) => Path.Combine(PathsFor(id).Bundle, "shm");
}
