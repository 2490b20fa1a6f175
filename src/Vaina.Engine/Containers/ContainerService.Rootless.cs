using System.Globalization;
using Vaina.Linux.Namespaces;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Podman's warning when a rootless container asks for limits that cgroup v1 cannot give a user.</summary>
    public const string RootlessCgroupV1Warning = "Resource limits are not supported and ignored on cgroups V1 rootless systems";

    /// <summary>
    /// Writes Podman's create-time warnings for what a rootless container cannot have (the limits are then left
    /// out of the spec, see <see cref="RuntimeSpecBuilder"/>).
    /// </summary>
    private void WarnRootless(ContainerConfig c, TextWriter? warnings)
    {
        if (warnings is null || !_engine.Config.IsRootless || !NamespaceFiles.RunningInUserNamespace())
        {
            return;
        }

        bool limits = c.Memory is not null || c.MemoryReservation is not null || c.MemorySwap is not null || c.Cpus is not null
            || c.CpuShares is not null || c.CpusetCpus is not null || c.CpusetMems is not null || c.PidsLimit is not null || c.OomKillDisable;
        if (limits && !CgroupLayout.Detect().IsUnified)
        {
            warnings.WriteLine(RootlessCgroupV1Warning);
        }
    }

    /// <summary>
    /// Rootless on cgroup v1: nothing is delegated to a user, so containers have no cgroup of their own (no
    /// freezer for pause, no counters for stats, no process list for runc ps).
    /// </summary>
    public bool RootlessWithoutCgroups => _engine.Config.IsRootless && !CgroupLayout.Detect().IsUnified;

    /// <summary>Podman's refusal of top and stats for a --cgroups=disabled container (its words, from its top, for both).</summary>
    public static void CheckHasCgroup(ContainerRecord record)
    {
        if (record.Config.CgroupsMode == "disabled")
        {
            throw new VainaException($"cannot run top on container {record.Id} as it did not create a cgroup: this container does not have a cgroup");
        }
    }

    /// <summary>Podman's refusal of `stats`/`pod stats` (<paramref name="command"/>) where containers have no cgroup.</summary>
    public void CheckStatsSupported(string command)
    {
        if (RootlessWithoutCgroups)
        {
            throw new VainaException($"{command} is not supported in rootless mode without cgroups v2");
        }
    }

    /// <summary>
    /// Host pids (as this process sees them) of the container's processes: the runtime's list from the container's
    /// cgroup, or without one (rootless on cgroup v1) every process in the container's pid namespace, found as
    /// Podman's psgo finds them.
    /// </summary>
    public async Task<IReadOnlyList<int>> ProcessIdsAsync(ContainerRecord record, CancellationToken ct)
    {
        CheckHasCgroup(record);
        if (!RootlessWithoutCgroups)
        {
            return await RuntimeFor(record).PsAsync(record.Id, ct).ConfigureAwait(false);
        }

        string? pidNamespace = NamespaceLink(record.Pid);
        if (record.Pid <= 0 || pidNamespace is null)
        {
            return [];
        }

        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && NamespaceLink(pid) == pidNamespace)
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    private static string? NamespaceLink(int pid)
    {
        try
        {
            return new FileInfo("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/ns/pid").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
