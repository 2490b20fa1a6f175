using System.CommandLine;
using System.Globalization;
using Vaina.Cli.Commands.Container;
using Vaina.Cli.Parsing;
using Vaina.Engine.Pods;
using Vaina.Runtime;

namespace Vaina.Cli.Commands.Pod;

/// <summary>
/// The `pod create` options that `pod clone` takes too (Podman 4.3.1's lists): the pod cgroup's limits, the
/// infra container's settings, and what every member gets. Only the flags given change a <see cref="PodConfig"/>.
/// </summary>
internal sealed class PodResourceFlags
{
    public Option<string?> BlkioWeight { get; } = Flags.String("--blkio-weight", null, "Block IO weight (relative weight) accepts a weight value between 10 and 1000.");
    public Option<string[]> BlkioWeightDevice { get; } = WithHelpName(Flags.StringArray("--blkio-weight-device", null, "Block IO weight (relative device weight, format: DEVICE_NAME:WEIGHT)"), "DEVICE_NAME:WEIGHT");
    public Option<string?> CgroupParent { get; } = Flags.String("--cgroup-parent", null, "Optional parent cgroup for the container");
    public Option<long?> CpuShares { get; } = Flags.Int("--cpu-shares", "c", "CPU shares (relative weight)", null, "uint");
    public Option<string?> Cpus { get; } = WithHelpName(Flags.String("--cpus", null, "Number of CPUs. The default is 0.000 which means no limit"), "float");
    public Option<string?> CpusetCpus { get; } = Flags.String("--cpuset-cpus", null, "CPUs in which to allow execution (0-3, 0,1)");
    public Option<string?> CpusetMems { get; } = Flags.String("--cpuset-mems", null, "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems.");
    public Option<string[]> Device { get; } = Flags.StringSlice("--device", null, "Add a host device to the container");
    public Option<string[]> DeviceReadBps { get; } = Flags.StringSlice("--device-read-bps", null, "Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)");
    public Option<string[]> DeviceWriteBps { get; } = Flags.StringSlice("--device-write-bps", null, "Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)");
    public Option<string?> InfraCommand { get; } = Flags.String("--infra-command", null, "Overwrite the default ENTRYPOINT of the image");
    public Option<string?> InfraConmonPidFile { get; } = Flags.String("--infra-conmon-pidfile", null, "Path to the file that will receive the PID of conmon");
    public Option<string?> InfraName { get; } = Flags.String("--infra-name", null, "Assign a name to the container");
    public Option<string[]> Label { get; } = Flags.StringArray("--label", "l", "Set metadata on container");
    public Option<string[]> LabelFile { get; } = Flags.StringSlice("--label-file", null, "Read in a line delimited file of labels");
    public Option<string?> Memory { get; } = WithHelpName(Flags.String("--memory", "m", "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))"), "<number>[<unit>]");
    public Option<string?> MemorySwap { get; } = Flags.String("--memory-swap", null, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap");
    public Option<string?> Pid { get; } = Flags.String("--pid", null, "PID namespace to use");
    public Option<string[]> SecurityOpt { get; } = Flags.StringArray("--security-opt", null, "Security Options");
    public Option<string?> ShmSize { get; } = WithHelpName(Flags.String("--shm-size", null, "Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))", "65536k"), "<number>[<unit>]");
    public Option<string[]> Sysctl { get; } = Flags.StringSlice("--sysctl", null, "Sysctl options");
    public Option<string?> Userns { get; } = Flags.String("--userns", null, "User namespace to use");
    public Option<string?> Uts { get; } = Flags.String("--uts", null, "UTS namespace to use");
    public Option<string[]> Volume { get; } = Flags.StringArray("--volume", "v", "Bind mount a volume into the container");
    public Option<string[]> VolumesFrom { get; } = Flags.StringArray("--volumes-from", null, "Mount volumes from the specified container(s)");

    public void AddTo(VainaCommand command)
        => command.AddAll(BlkioWeight, BlkioWeightDevice, CgroupParent, CpuShares, Cpus, CpusetCpus, CpusetMems, Device, DeviceReadBps, DeviceWriteBps,
            InfraCommand, InfraConmonPidFile, InfraName, Label, LabelFile, Memory, MemorySwap, Pid, SecurityOpt, ShmSize, Sysctl, Userns, Uts, Volume, VolumesFrom);

    /// <summary>--infra-command, split as an entrypoint (null when not given).</summary>
    public IReadOnlyList<string>? InfraCommandOf(ParseResult result) => result.GetValue(InfraCommand) is { } cmd ? RuntimeSpecBuilder.ParseEntrypoint(cmd) : null;

    /// <summary>
    /// Checks the given flags and returns what they change (applied to a new pod's config by create, to the
    /// copy of the source's by clone).
    /// </summary>
    public Action<PodConfig> Changes(ParseResult result)
    {
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        var cpus = Given(Cpus) ? CreateFlags.ParseCpus(result.GetValue(Cpus)) : null;
        ushort? blkioWeight = null;
        if (result.GetValue(BlkioWeight) is { Length: > 0 } weightText)
        {
            blkioWeight = ushort.TryParse(weightText, NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                ? w : throw new VainaException($"invalid value for blkio-weight: strconv.ParseUint: parsing \"{weightText}\": {(weightText.Length > 0 && weightText.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax")}");
        }

        var pid = NamespaceMode(result.GetValue(Pid));
        var uts = NamespaceMode(result.GetValue(Uts));
        var shm = result.GetValue(ShmSize);
        if (Given(ShmSize) && shm is not null && !ByteSizeParser.TryParse(shm, out _))
        {
            throw new VainaException($"unable to translate --shm-size: invalid size: '{shm}'");
        }

        var labels = Given(Label) || Given(LabelFile) ? CreateFlags.ParseKeyValues(result.GetValue(Label) ?? [], result.GetValue(LabelFile) ?? []) : null;
        var conmonPidFile = result.GetValue(InfraConmonPidFile) is { Length: > 0 } pf ? Path.GetFullPath(pf) : null;
        return config =>
        {
            if (Given(BlkioWeight))
            {
                config.BlkioWeight = blkioWeight;
            }

            List<string>? List(Option<string[]> option) => Given(option) ? [.. result.GetValue(option) ?? []] : null;
            config.BlkioWeightDevices = List(BlkioWeightDevice) ?? config.BlkioWeightDevices;
            config.DeviceReadBps = List(DeviceReadBps) ?? config.DeviceReadBps;
            config.DeviceWriteBps = List(DeviceWriteBps) ?? config.DeviceWriteBps;
            config.Devices = List(Device) ?? config.Devices;
            config.SecurityOpts = List(SecurityOpt) ?? config.SecurityOpts;
            config.Sysctls = List(Sysctl) ?? config.Sysctls;
            config.Volumes = List(Volume) ?? config.Volumes;
            config.VolumesFrom = List(VolumesFrom) ?? config.VolumesFrom;
            if (result.GetValue(CgroupParent) is { Length: > 0 } parent)
            {
                config.CgroupParent = parent;
            }

            if (Given(CpuShares))
            {
                config.CpuShares = result.GetValue(CpuShares) is long s ? (ulong)s : null;
            }

            if (Given(Cpus))
            {
                config.Cpus = cpus;
            }

            config.CpusetCpus = Given(CpusetCpus) ? result.GetValue(CpusetCpus) : config.CpusetCpus;
            config.CpusetMems = Given(CpusetMems) ? result.GetValue(CpusetMems) : config.CpusetMems;
            config.Memory = Given(Memory) ? result.GetValue(Memory) : config.Memory;
            config.MemorySwap = Given(MemorySwap) ? result.GetValue(MemorySwap) : config.MemorySwap;
            config.PidMode = Given(Pid) ? pid : config.PidMode;
            config.UtsMode = Given(Uts) ? uts : config.UtsMode;
            config.UsernsMode = Given(Userns) ? result.GetValue(Userns) ?? string.Empty : config.UsernsMode;
            config.ShmSize = Given(ShmSize) ? shm : config.ShmSize;
            config.InfraConmonPidFile = Given(InfraConmonPidFile) ? conmonPidFile : config.InfraConmonPidFile;
            if (labels is not null)
            {
                foreach (var (key, value) in labels)
                {
                    config.Labels[key] = value;
                }
            }
        };
    }

    /// <summary>--pid/--uts of a pod: host, private or ns:PATH (Podman's specgen wording otherwise).</summary>
    private static string? NamespaceMode(string? value)
    {
        if (value is null or "" or "private")
        {
            return null;
        }

        if (value == "ns:")
        {
            throw new VainaException("invalid config provided: namespace mode path requires a value");
        }

        return value == "host" || value.StartsWith("ns:", StringComparison.Ordinal) ? value : throw new VainaException($"unrecognized namespace mode {value} passed");
    }

    private static T WithHelpName<T>(T option, string helpName)
        where T : Option
    {
        option.HelpName = helpName;
        return option;
    }
}
