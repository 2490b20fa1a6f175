using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// The host directory bind-mounted as /dev/shm, or null for a private tmpfs. A pod's infra container gets a
    /// tmpfs under its run dir (mounted here), which the members joining its IPC namespace share, as in Podman.
    /// </summary>
    private string? PrepareShm(ContainerRecord record)
    {
        var c = record.Config;
        if (c.IsInfra && c.IpcMode is null)
        {
            var path = ShmPathOf(record.Id);
            Directory.CreateDirectory(path);
            if (!Storage.Containers.MountInfo.IsMountPoint(path))
            {
                var size = ByteSizeParser.TryParse(c.ShmSize ?? _engine.Config.Containers.Containers.ShmSize, out var bytes) ? bytes : 64L * 1024 * 1024;
                Linux.Interop.Mount("shm", path, "tmpfs", Linux.Interop.MountNoSuid | Linux.Interop.MountNoDev | Linux.Interop.MountNoExec,
                    "mode=1777,size=" + size.ToString(CultureInfo.InvariantCulture));
            }

            return path;
        }

        if (c.IpcMode is { } mode && mode.StartsWith("container:", StringComparison.Ordinal) && Storage.Containers.MountInfo.IsMountPoint(ShmPathOf(Get(mode["container:".Length..]).Id)))
        {
            return ShmPathOf(Get(mode["container:".Length..]).Id);
        }

        return null;
    }

    private void ReleaseShm(string id) => Linux.Interop.Umount2(ShmPathOf(id), Linux.Interop.UnmountDetach);

    private string ShmPathOf(string id) => Path.Combine(PathsFor(id).Bundle, "shm");
}
