using System.Globalization;
using Vaina.Linux;
using Vaina.Runtime;
using Vaina.Runtime.Spec;

namespace Vaina.Engine.Pods;

/// <summary>
/// The pod's own cgroup with the cgroupfs manager (Podman's PARENT/POD-ID), created at `pod create` with the
/// pod's limits written on it, so that they bound all members together (each member's cgroup sits below it).
/// cgroup v1: one directory per mounted hierarchy; v2: one directory with the controllers enabled above it.
/// </summary>
internal static class PodCgroupWriter
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>The limits of <paramref name="config"/> as files to write, checked before anything is created.</summary>
    public static PodCgroupLimits Limits(PodConfig config, bool resolveDevices = true)
    {
        long? Size(string? text, string flag)
        {
            if (text is null)
            {
                return null;
            }

            if (text == "-1")
            {
                return -1;
            }

            // Podman's words, "memory" for --memory-swap too.
            return ByteSizeParser.TryParse(text, out var bytes) ? bytes : throw new VainaException($"invalid value for memory: invalid size: '{text}'");
        }

        var memory = Size(config.Memory, "-m, --memory");
        var swap = Size(config.MemorySwap, "--memory-swap");
        if (memory is > 0 && swap is null)
        {
            // Podman's default: as much swap as memory.
            swap = memory * 2;
        }

        return new PodCgroupLimits
        {
            Memory = memory,
            MemorySwap = swap,
            CpuQuota = config.Cpus is { } cpus && cpus > 0 ? (long)(cpus * 100000) : null,
            CpuShares = config.CpuShares,
            CpusetCpus = config.CpusetCpus,
            CpusetMems = config.CpusetMems,
            PidsLimit = config.PidsLimit,
            BlockIo = new SpecBlockIo
            {
                Weight = config.BlkioWeight,
                WeightDevice = resolveDevices ? [.. config.BlkioWeightDevices.Select(BlockIoDevices.Weight)] : null,
                ThrottleReadBpsDevice = resolveDevices ? [.. config.DeviceReadBps.Select(d => BlockIoDevices.Rate(d, iops: false))] : null,
                ThrottleWriteBpsDevice = resolveDevices ? [.. config.DeviceWriteBps.Select(d => BlockIoDevices.Rate(d, iops: false))] : null,
            },
        };
    }

    /// <summary>Creates <paramref name="path"/> (e.g. /libpod_parent/POD-ID) and writes the limits; throws (after removing it) if the kernel refuses one.</summary>
    public static void Create(string path, PodCgroupLimits limits)
    {
        var layout = CgroupLayout.Detect();
        try
        {
            if (layout.IsUnified)
            {
                CreateUnified(path, limits);
            }
            else
            {
                CreateV1(path, limits);
            }
        }
        catch
        {
            Remove(path);
            throw;
        }
    }

    /// <summary>Whether the pod's cgroup exists (the memory hierarchy on v1, the unified one on v2).</summary>
    public static bool Exists(string path)
        => Directory.Exists(Path.Combine(Root, CgroupLayout.Detect().IsUnified ? string.Empty : "memory", path.Trim('/')));

    /// <summary>
    /// Removes the pod cgroup from every hierarchy, with what is left below it (the conmon group, members' empty
    /// groups); a group still busy (a conmon exiting) is retried for a moment, then left.
    /// </summary>
    public static void Remove(string path)
    {
        var relative = path.Trim('/');
        if (relative.Length == 0 || !Directory.Exists(Root))
        {
            return;
        }

        var deadline = DateTime.UtcNow.AddSeconds(2);
        foreach (var root in Directory.GetDirectories(Root).Append(Root))
        {
            var dir = Path.Combine(root, relative);
            while (Directory.Exists(dir) && !TryRemoveTree(dir) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>rmdir of a cgroup and its children, deepest first (a cgroup's control files do not count).</summary>
    private static bool TryRemoveTree(string dir)
    {
        try
        {
            foreach (var child in Directory.GetDirectories(dir))
            {
                if (!TryRemoveTree(child))
                {
                    return false;
                }
            }

            Directory.Delete(dir);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void CreateV1(string path, PodCgroupLimits l)
    {
        var relative = path.Trim('/');
        foreach (var hierarchy in Directory.GetDirectories(Root))
        {
            if (!File.Exists(Path.Combine(hierarchy, "cgroup.procs")))
            {
                continue; // not a mounted hierarchy (a symlink such as cpu,cpuacct is seen through its target)
            }

            var dir = Path.Combine(hierarchy, relative);
            if (Path.GetFileName(hierarchy) == "cpuset")
            {
                CreateCpusetDirectories(hierarchy, relative);
            }
            else
            {
                Directory.CreateDirectory(dir);
            }
        }

        string In(string controller, string file) => Path.Combine(Root, controller, relative, file);
        if (l.Memory is { } memory)
        {
            Write(In("memory", "memory.limit_in_bytes"), memory);
        }

        if (l.MemorySwap is { } swap && File.Exists(In("memory", "memory.memsw.limit_in_bytes")))
        {
            Write(In("memory", "memory.memsw.limit_in_bytes"), swap);
        }

        if (l.CpuQuota is { } quota)
        {
            Write(In("cpu", "cpu.cfs_period_us"), 100000);
            Write(In("cpu", "cpu.cfs_quota_us"), quota);
        }

        if (l.CpuShares is { } shares)
        {
            Write(In("cpu", "cpu.shares"), (long)shares);
        }

        if (l.CpusetCpus is { } cpus)
        {
            Write(In("cpuset", "cpuset.cpus"), cpus);
        }

        if (l.CpusetMems is { } mems)
        {
            Write(In("cpuset", "cpuset.mems"), mems);
        }

        if (l.PidsLimit is { } pids)
        {
            Write(In("pids", "pids.max"), pids <= 0 ? "max" : pids.ToString(CultureInfo.InvariantCulture));
        }

        BlockIoCgroupWriter.Write(Path.Combine(Root, "blkio", relative), unified: false, l.BlockIo);
    }

    /// <summary>A new v1 cpuset cgroup starts with no cpus/mems: each new level copies its parent's first.</summary>
    private static void CreateCpusetDirectories(string hierarchy, string relative)
    {
        var current = hierarchy;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            Directory.CreateDirectory(next);
            foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
            {
                var target = Path.Combine(next, file);
                if (File.Exists(target) && File.ReadAllText(target).Trim().Length == 0)
                {
                    Write(target, File.ReadAllText(Path.Combine(current, file)).Trim());
                }
            }

            current = next;
        }
    }

    private static void CreateUnified(string path, PodCgroupLimits l)
    {
        var relative = path.Trim('/');
        var dir = Path.Combine(Root, relative);
        Directory.CreateDirectory(dir);

        // Every controller the limits (and the members below) use must be enabled from the root down.
        var current = Root;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Append(string.Empty))
        {
            var available = File.Exists(Path.Combine(current, "cgroup.controllers")) ? File.ReadAllText(Path.Combine(current, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            var wanted = available.Where(c => c is "cpu" or "cpuset" or "memory" or "io" or "pids").Select(c => "+" + c).ToList();
            if (wanted.Count > 0)
            {
                Write(Path.Combine(current, "cgroup.subtree_control"), string.Join(' ', wanted));
            }

            if (part.Length == 0)
            {
                break;
            }

            current = Path.Combine(current, part);
        }

        string In(string file) => Path.Combine(dir, file);
        if (l.Memory is { } memory)
        {
            Write(In("memory.max"), memory <= 0 ? "max" : memory.ToString(CultureInfo.InvariantCulture));
        }

        if (l.MemorySwap is { } swap && File.Exists(In("memory.swap.max")))
        {
            // v2 limits swap alone: --memory-swap is memory plus swap.
            Write(In("memory.swap.max"), swap < 0 ? "max" : Math.Max(0, swap - (l.Memory ?? 0)).ToString(CultureInfo.InvariantCulture));
        }

        if (l.CpuQuota is { } quota)
        {
            Write(In("cpu.max"), $"{quota.ToString(CultureInfo.InvariantCulture)} 100000");
        }

        if (l.CpuShares is { } shares)
        {
            Write(In("cpu.weight"), CgroupV2Weights.CpuWeight(shares));
        }

        if (l.CpusetCpus is { } cpus)
        {
            Write(In("cpuset.cpus"), cpus);
        }

        if (l.CpusetMems is { } mems)
        {
            Write(In("cpuset.mems"), mems);
        }

        if (l.PidsLimit is { } pids)
        {
            Write(In("pids.max"), pids <= 0 ? "max" : pids.ToString(CultureInfo.InvariantCulture));
        }

        BlockIoCgroupWriter.Write(dir, unified: true, l.BlockIo);
    }

    private static void Write(string file, long value) => Write(file, value.ToString(CultureInfo.InvariantCulture));

    private static void Write(string file, string value) => CgroupFileWriter.Write(file, value);
}
