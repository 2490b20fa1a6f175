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
}
