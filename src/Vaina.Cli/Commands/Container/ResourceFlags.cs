using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>The resource flags of `update` and `container clone` (Podman 4.3.1's, with its help texts).</summary>
internal sealed class ResourceFlags
{
    private readonly bool _update;

    /// <param name="update">update also takes the IOPS throttles and --pids-limit; clone does not.</param>
    public ResourceFlags(bool update)
    {
        _update = update;
    }

    public Option<string?> BlkioWeight { get; } = Flags.String("--blkio-weight", null, "Block IO weight (relative weight) accepts a weight value between 10 and 1000.");
    public Option<string[]> BlkioWeightDevice { get; } = Named(Flags.StringSlice("--blkio-weight-device", null, "Block IO weight (relative device weight, format: DEVICE_NAME:WEIGHT)"), "DEVICE_NAME:WEIGHT");
    public Option<long?> CpuPeriod { get; } = Flags.Int("--cpu-period", null, "Limit the CPU CFS (Completely Fair Scheduler) period", null, "uint");
    public Option<long?> CpuQuota { get; } = Flags.Int("--cpu-quota", null, "Limit the CPU CFS (Completely Fair Scheduler) quota", null, "int");
    public Option<long?> CpuRtPeriod { get; } = Flags.Int("--cpu-rt-period", null, "Limit the CPU real-time period in microseconds", null, "uint");
    public Option<long?> CpuRtRuntime { get; } = Flags.Int("--cpu-rt-runtime", null, "Limit the CPU real-time runtime in microseconds", null, "int");
    public Option<long?> CpuShares { get; } = Flags.Int("--cpu-shares", "c", "CPU shares (relative weight)", null, "uint");
    public Option<string?> Cpus { get; } = Named(Flags.String("--cpus", null, "Number of CPUs. The default is 0.000 which means no limit"), "float");
    public Option<string?> CpusetCpus { get; } = Flags.String("--cpuset-cpus", null, "CPUs in which to allow execution (0-3, 0,1)");
    public Option<string?> CpusetMems { get; } = Flags.String("--cpuset-mems", null, "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems.");
    public Option<string[]> DeviceReadBps { get; } = Flags.StringSlice("--device-read-bps", null, "Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)");
    public Option<string[]> DeviceReadIops { get; } = Flags.StringSlice("--device-read-iops", null, "Limit read rate (IO per second) from a device (e.g. --device-read-iops=/dev/sda:1000)");
    public Option<string[]> DeviceWriteBps { get; } = Flags.StringSlice("--device-write-bps", null, "Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)");
    public Option<string[]> DeviceWriteIops { get; } = Flags.StringSlice("--device-write-iops", null, "Limit write rate (IO per second) to a device (e.g. --device-write-iops=/dev/sda:1000)");
    public Option<string?> Memory { get; } = Named(Flags.String("--memory", "m", "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))"), "<number>[<unit>]");
    public Option<string?> MemoryReservation { get; } = Named(Flags.String("--memory-reservation", null, "Memory soft limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))"), "<number>[<unit>]");
    public Option<string?> MemorySwap { get; } = Flags.String("--memory-swap", null, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap");
    public Option<long?> MemorySwappiness { get; } = Flags.Int("--memory-swappiness", null, "Tune container memory swappiness (0 to 100, or -1 for system default)", -1, "int");
    public Option<long?> PidsLimit { get; } = Flags.Int("--pids-limit", null, "Tune container pids limit (set -1 for unlimited)", null, "int");

    public void AddTo(VainaCommand command)
    {
        command.AddAll(BlkioWeight, BlkioWeightDevice, CpuPeriod, CpuQuota, CpuRtPeriod, CpuRtRuntime, CpuShares, Cpus, CpusetCpus, CpusetMems, DeviceReadBps);
        if (_update)
        {
            command.AddAll(DeviceReadIops);
        }

        command.AddAll(DeviceWriteBps);
        if (_update)
        {
            command.AddAll(DeviceWriteIops);
        }

        command.AddAll(Memory, MemoryReservation, MemorySwap, MemorySwappiness);
        if (_update)
        {
            command.AddAll(PidsLimit);
        }
    }

    /// <summary>The flags given (a flag left out keeps the container's value).</summary>
    public ContainerResourceUpdate ToUpdate(ParseResult result)
    {
        T? Given<T>(Option<T> option) => result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : default;
        string[] List(Option<string[]> option) => result.GetValue(option) ?? [];
        var memory = Given(Memory);
        CheckSize(memory, "memory");
        CheckSize(Given(MemoryReservation), "memory reservation");
        return new ContainerResourceUpdate
        {
            BlkioWeight = CreateFlags.ParseBlkioWeight(Given(BlkioWeight)),
            BlkioWeightDevices = List(BlkioWeightDevice),
            CpuPeriod = Given(CpuPeriod) is long period ? (ulong)period : null,
            CpuQuota = Given(CpuQuota),
            CpuRtPeriod = Given(CpuRtPeriod) is long rtPeriod ? (ulong)rtPeriod : null,
            CpuRtRuntime = Given(CpuRtRuntime),
            CpuShares = Given(CpuShares) is long shares ? (ulong)shares : null,
            Cpus = CreateFlags.ParseCpus(Given(Cpus)),
            CpusetCpus = Given(CpusetCpus),
            CpusetMems = Given(CpusetMems),
            DeviceReadBps = List(DeviceReadBps),
            DeviceReadIops = _update ? List(DeviceReadIops) : [],
            DeviceWriteBps = List(DeviceWriteBps),
            DeviceWriteIops = _update ? List(DeviceWriteIops) : [],
            Memory = memory,
            MemoryReservation = Given(MemoryReservation),
            MemorySwap = Given(MemorySwap),
            MemorySwappiness = Given(MemorySwappiness),
            PidsLimit = _update ? Given(PidsLimit) : null,
        };
    }

    /// <summary>Podman reads sizes while parsing the flags: "invalid value for memory: invalid size: '12x'".</summary>
    private static void CheckSize(string? value, string what)
    {
        if (value is not null && !Vaina.Runtime.ByteSizeParser.TryParse(value, out _))
        {
            throw new VainaException($"invalid value for {what}: invalid size: '{value}'");
        }
    }

    private static T Named<T>(T option, string helpName)
        where T : Option
    {
        option.HelpName = helpName;
        return option;
    }
}
