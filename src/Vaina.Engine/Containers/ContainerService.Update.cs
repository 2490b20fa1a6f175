using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `update`: new resource limits, kept in the container's config (so every later start uses them and inspect
    /// shows them) and, while the container exists in the runtime, applied at once with `runtime update`. A value
    /// the runtime refuses changes nothing.
    /// </summary>
    public async Task<ContainerRecord> UpdateAsync(string idOrName, ContainerResourceUpdate update, TextWriter? warnings, CancellationToken cancellationToken)
    {
        var record = Get(idOrName);
        using var held = LockContainer(record.Id);
        record = Records.Get(record.Id);
        if (record.State is ContainerState.Removing)
        {
            throw new VainaException($"container {record.Id} is being removed: container state improper");
        }

        update.ApplyTo(record.Config);
        CheckResources(record.Config, warnings);
        var resources = new RuntimeSpecBuilder().BuildResources(ResourceOptions(record));
        // A --cgroups=disabled container goes to the runtime too, which refuses, as under Podman.
        if (ContainerState.IsActive(record.State))
        {
            // runc update knows no device rules; the rest replaces what it has (unset values stay as they are).
            resources.Devices = null;
            await RuntimeFor(record).UpdateAsync(record.Id, resources, PathsFor(record.Id).Bundle, cancellationToken).ConfigureAwait(false);
            if (resources.BlockIO is { } io)
            {
                WriteBlockIoThrottles(record.Pid, io);
            }
        }

        var config = record.Config;
        return Records.Update(record.Id, r => r.Config = config) ?? record;
    }

    /// <summary>
    /// runc update applies only blockIO's weight, so the per-device throttles go straight to the container's
    /// cgroup (found from its init process, whatever the cgroup manager): blkio.throttle.* on v1, io.max on v2.
    /// </summary>
    private static void WriteBlockIoThrottles(int pid, Vaina.Runtime.Spec.SpecBlockIo io)
    {
        if (pid > 0 && BlockIoCgroupWriter.CgroupOf(pid) is { } cgroup)
        {
            BlockIoCgroupWriter.Write(cgroup.Dir, cgroup.Unified, new Vaina.Runtime.Spec.SpecBlockIo
            {
                ThrottleReadBpsDevice = io.ThrottleReadBpsDevice,
                ThrottleWriteBpsDevice = io.ThrottleWriteBpsDevice,
                ThrottleReadIopsDevice = io.ThrottleReadIopsDevice,
                ThrottleWriteIopsDevice = io.ThrottleWriteIopsDevice,
            });
        }
    }

    /// <summary>
    /// Podman's specgen checks of block IO values: weights the kernel cannot apply are dropped with Podman's
    /// warnings, device entries must name existing devices.
    /// </summary>
    private static void CheckResources(ContainerConfig config, TextWriter? warnings)
    {
        if (config.BlkioWeight is not null && !BlkioFileExists("weight", "io"))
        {
            warnings?.WriteLine("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
            config.BlkioWeight = null;
        }

        foreach (var entry in config.BlkioWeightDevices)
        {
            BlockIoDevices.Weight(entry);
        }

        if (config.BlkioWeightDevices.Count > 0 && !BlkioFileExists("weight_device", "io"))
        {
            warnings?.WriteLine("Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.");
            config.BlkioWeightDevices = [];
        }

        foreach (var (entries, iops) in new[] { (config.DeviceReadBps, false), (config.DeviceWriteBps, false), (config.DeviceReadIops, true), (config.DeviceWriteIops, true) })
        {
            foreach (var entry in entries)
            {
                BlockIoDevices.Rate(entry, iops);
            }
        }
    }

    /// <summary>
    /// Podman's sysinfo check: cgroup v2 needs the io controller, v1 the file in the blkio hierarchy (CFQ's
    /// blkio.NAME or BFQ's blkio.bfq.NAME; an I/O scheduler of "none" has neither).
    /// </summary>
    private static bool BlkioFileExists(string name, string v2Controller)
    {
        const string root = "/sys/fs/cgroup";
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
        {
            return File.ReadAllText(Path.Combine(root, "cgroup.controllers")).Split(' ', '\n').Contains(v2Controller);
        }

        return File.Exists(Path.Combine(root, "blkio", "blkio." + name)) || File.Exists(Path.Combine(root, "blkio", "blkio.bfq." + name));
    }
}
