using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Removes the container's own cgroup (PARENT/libpod-ID, cgroupfs manager) from every hierarchy, as `runc
    /// delete` does from its state file. runc's state is gone when the run root was emptied (a reboot without one,
    /// a conmon killed) or its delete failed, and then the empty groups used to stay under /libpod_parent on every
    /// controller. Only empty groups go (rmdir; one still holding a process stays), and only this container's: the
    /// name carries its id, so no other container's cgroup, and not the shared parent or conmon group, is touched.
    /// </summary>
    private void RemoveContainerCgroups(ContainerRecord record)
    {
        if (CgroupManagerOf(record.Config) != CgroupManagerSelector.Cgroupfs || record.Config.CgroupsMode is "disabled" or "split")
        {
            return;
        }

        var parent = string.IsNullOrEmpty(record.Config.CgroupParent) ? "libpod_parent" : record.Config.CgroupParent.Trim('/');
        var relative = Path.Combine(parent, "libpod-" + record.Id);
        var layout = CgroupLayout.Detect();
        IEnumerable<string> hierarchies = layout.IsUnified ? [] : Directory.EnumerateDirectories("/sys/fs/cgroup");
        foreach (var hierarchy in hierarchies.Append("/sys/fs/cgroup"))
        {
            var dir = Path.Combine(hierarchy, relative);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            try
            {
                // A v1 cpu,cpuacct hierarchy is seen through its symlinks as well: the second rmdir finds nothing.
                Directory.Delete(dir);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
                // EBUSY: a process is still in it; runc's delete (or the next cleanup) removes it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
