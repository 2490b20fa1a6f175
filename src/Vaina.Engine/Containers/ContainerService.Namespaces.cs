using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// A --pid/--ipc/--uts mode as the runtime's namespace: null or "private" a new one, "host" the host's,
    /// "container:ID" the running container's (/proc/PID/ns/KIND), which is how pod members join their infra.
    /// </summary>
    private NamespaceOption NamespaceOf(string? mode, string kind)
    {
        if (mode is null or "private")
        {
            return NamespaceOption.Private;
        }

        if (mode == "host")
        {
            return NamespaceOption.Host;
        }

        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            var other = Get(mode["container:".Length..]);
            if (other.State is not (ContainerState.Running or ContainerState.Paused) || other.Pid <= 0)
            {
                throw new VainaException($"cannot join {kind} namespace of container {other.Id}: container is not running: container state improper");
            }

            return NamespaceOption.Join($"/proc/{other.Pid.ToString(CultureInfo.InvariantCulture)}/ns/{kind}");
        }

        throw new VainaException($"invalid {kind} namespace mode \"{mode}\"");
    }

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
