namespace Vaina.Engine.Containers;

/// <summary>
/// The resource flags of `update` and `clone` (Podman 4.3.1's lists, plus --pids-limit as newer Podman):
/// null = not given, so the container's value stays.
/// </summary>
public sealed class ContainerResourceUpdate
{
    public string? Memory { get; init; }

    public string? MemoryReservation { get; init; }

    public string? MemorySwap { get; init; }

    public long? MemorySwappiness { get; init; }

    public double? Cpus { get; init; }

    public ulong? CpuShares { get; init; }

    public ulong? CpuPeriod { get; init; }

    public long? CpuQuota { get; init; }

    public ulong? CpuRtPeriod { get; init; }

    public long? CpuRtRuntime { get; init; }

    public string? CpusetCpus { get; init; }

    public string? CpusetMems { get; init; }

    public ushort? BlkioWeight { get; init; }

    public long? PidsLimit { get; init; }

    public IReadOnlyList<string> BlkioWeightDevices { get; init; } = [];

    public IReadOnlyList<string> DeviceReadBps { get; init; } = [];

    public IReadOnlyList<string> DeviceWriteBps { get; init; } = [];

    public IReadOnlyList<string> DeviceReadIops { get; init; } = [];

    public IReadOnlyList<string> DeviceWriteIops { get; init; } = [];

    /// <summary>True when no flag was given (Podman's update then changes nothing).</summary>
    public bool IsEmpty => Memory is null && MemoryReservation is null && MemorySwap is null && MemorySwappiness is null && Cpus is null
        && CpuShares is null && CpuPeriod is null && CpuQuota is null && CpuRtPeriod is null && CpuRtRuntime is null && CpusetCpus is null
        && CpusetMems is null && BlkioWeight is null && PidsLimit is null && BlkioWeightDevices.Count + DeviceReadBps.Count
        + DeviceWriteBps.Count + DeviceReadIops.Count + DeviceWriteIops.Count == 0;

    /// <summary>Writes the given values into a container's config; --cpus replaces a CFS period/quota and the other way round.</summary>
    public void ApplyTo(ContainerConfig c)
    {
        if (Cpus is not null && (CpuPeriod is not null || CpuQuota is not null))
        {
            throw new VainaException(CpuPeriod is not null ? "--cpu-period and --cpus cannot be set together" : "--cpu-quota and --cpus cannot be set together");
        }

        if (MemorySwappiness is < 0 or > 100 && MemorySwappiness != -1)
        {
            throw new VainaException($"invalid value: {MemorySwappiness}, valid memory swappiness range is 0-100");
        }

        if (Cpus is { } cpus)
        {
            c.Cpus = cpus;
            c.CpuPeriod = null;
            c.CpuQuota = null;
        }

        if (CpuPeriod is not null || CpuQuota is not null)
        {
            c.Cpus = null;
            c.CpuPeriod = CpuPeriod ?? c.CpuPeriod;
            c.CpuQuota = CpuQuota ?? c.CpuQuota;
        }

        c.Memory = Memory ?? c.Memory;
        c.MemoryReservation = MemoryReservation ?? c.MemoryReservation;
        c.MemorySwap = MemorySwap ?? c.MemorySwap;
        c.MemorySwappiness = MemorySwappiness is { } swappiness ? (swappiness == -1 ? null : swappiness) : c.MemorySwappiness;
        c.CpuShares = CpuShares ?? c.CpuShares;
        c.CpuRtPeriod = CpuRtPeriod ?? c.CpuRtPeriod;
        c.CpuRtRuntime = CpuRtRuntime ?? c.CpuRtRuntime;
        c.CpusetCpus = CpusetCpus ?? c.CpusetCpus;
        c.CpusetMems = CpusetMems ?? c.CpusetMems;
        c.BlkioWeight = BlkioWeight ?? c.BlkioWeight;
        c.PidsLimit = PidsLimit ?? c.PidsLimit;
        c.BlkioWeightDevices = Merge(c.BlkioWeightDevices, BlkioWeightDevices);
        c.DeviceReadBps = Merge(c.DeviceReadBps, DeviceReadBps);
        c.DeviceWriteBps = Merge(c.DeviceWriteBps, DeviceWriteBps);
        c.DeviceReadIops = Merge(c.DeviceReadIops, DeviceReadIops);
        c.DeviceWriteIops = Merge(c.DeviceWriteIops, DeviceWriteIops);
    }

    /// <summary>A device given again takes its new value; others are added.</summary>
    private static List<string> Merge(List<string> current, IReadOnlyList<string> given)
    {
        static string PathOf(string entry) => entry.LastIndexOf(':') is var colon and > 0 ? entry[..colon] : entry;
        var givenPaths = given.Select(PathOf).ToHashSet(StringComparer.Ordinal);
        return [.. current.Where(e => !givenPaths.Contains(PathOf(e))), .. given];
    }
}
