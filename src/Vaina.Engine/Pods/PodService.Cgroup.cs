using System.Globalization;
using Vaina.Engine.Containers;
using Vaina.Runtime;

namespace Vaina.Engine.Pods;

public sealed partial class PodService
{
    /// <summary>
    /// The pod's cgroup parent as Podman settles it at create: with the systemd manager the default parent is
    /// machine.slice (user.slice rootless) and anything else must be a slice.
    /// </summary>
    private void ResolveCgroupParent(PodConfig config)
    {
        if (_engine.Containers.CgroupManager != CgroupManagerSelector.Systemd)
        {
            return;
        }

        if (config.CgroupParent == new PodConfig().CgroupParent)
        {
            config.CgroupParent = RuntimeSpecBuilder.DefaultSystemdSlice(_engine.Config.IsRootless);
        }
        else if (config.CgroupParent.Length < 6 || !Path.GetFileName(config.CgroupParent.TrimEnd('/')).EndsWith(".slice", StringComparison.Ordinal))
        {
            throw new VainaException("did not receive systemd slice as cgroup parent when using systemd to manage cgroups: invalid argument");
        }
    }

    /// <summary>A pod under a systemd slice: its cgroup is the slice machine-libpod_pod_ID.slice, a systemd unit.</summary>
    private static bool IsSystemdPod(PodRecord pod) => pod.Config.CgroupParent.TrimEnd('/').EndsWith(".slice", StringComparison.Ordinal);

    /// <summary>
    /// Makes the pod's cgroup and writes its limits: cgroupfs a directory; systemd the transient slice, with the
    /// limits systemd knows as its properties (so a daemon-reload keeps them) and, as root, every limit written on
    /// the slice's cgroup as with cgroupfs.
    /// </summary>
    private void CreatePodCgroup(PodRecord pod, PodCgroupLimits limits)
    {
        if (!IsSystemdPod(pod))
        {
            PodCgroupWriter.Create(CgroupPathOf(pod), limits);
            return;
        }

        string slice = Path.GetFileName(CgroupPathOf(pod));
        if (SystemdUnits.Start(slice, SliceProperties(limits), _engine.Config.IsRootless) is { } error)
        {
            throw new VainaException($"unable to create pod cgroup for pod {pod.Id}: {error}");
        }

        if (!_engine.Config.IsRootless)
        {
            try
            {
                PodCgroupWriter.Create(CgroupPathOf(pod), limits);
            }
            catch
            {
                SystemdUnits.Stop(slice, userManager: false);
                throw;
            }
        }
    }

    private bool PodCgroupExists(PodRecord pod)
        => IsSystemdPod(pod) && _engine.Config.IsRootless ? true : PodCgroupWriter.Exists(CgroupPathOf(pod));

    /// <summary>Removes the pod's (now empty) cgroup: the slice unit is stopped first with the systemd manager.</summary>
    private void RemovePodCgroup(PodRecord pod)
    {
        if (IsSystemdPod(pod))
        {
            SystemdUnits.Stop(Path.GetFileName(CgroupPathOf(pod)), _engine.Config.IsRootless);
            if (_engine.Config.IsRootless)
            {
                return;
            }
        }

        PodCgroupWriter.Remove(CgroupPathOf(pod));
    }

    /// <summary>The slice's properties: accounting for the controllers the members use, and the limits systemd has names for.</summary>
    internal static IReadOnlyList<string[]> SliceProperties(PodCgroupLimits l)
    {
        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        const string Infinity = "18446744073709551615";
        var p = new List<string[]>
        {
            new[] { "Description", "s", "libpod pod cgroup" },
            new[] { "MemoryAccounting", "b", "true" },
            new[] { "CPUAccounting", "b", "true" },
            new[] { "TasksAccounting", "b", "true" },
            new[] { "IOAccounting", "b", "true" },
            new[] { "DefaultDependencies", "b", "false" },
        };
        if (l.Memory is { } memory)
        {
            p.Add(["MemoryMax", "t", memory <= 0 ? Infinity : N(memory)]);
        }

        if (l.MemorySwap is { } swap)
        {
            p.Add(["MemorySwapMax", "t", swap < 0 ? Infinity : N(Math.Max(0, swap - (l.Memory ?? 0)))]);
        }

        if (l.CpuQuota is { } quota)
        {
            // CFS quota per 100 ms period -> CPU time per second.
            p.Add(["CPUQuotaPerSecUSec", "t", N(quota * 10)]);
        }

        if (l.CpuShares is { } shares)
        {
            p.Add(["CPUWeight", "t", N(CgroupV2Weights.CpuWeight(shares))]);
        }

        if (l.PidsLimit is { } pids)
        {
            p.Add(["TasksMax", "t", pids <= 0 ? Infinity : N(pids)]);
        }

        if (l.BlockIo.Weight is { } weight)
        {
            p.Add(["IOWeight", "t", N(CgroupV2Weights.IoWeight(weight))]);
        }

        return p;
    }
}
