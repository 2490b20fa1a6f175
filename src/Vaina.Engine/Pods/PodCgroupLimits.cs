namespace Vaina.Engine.Pods;

/// <summary>A pod's limits in the kernel's units, as <see cref="PodCgroupWriter"/> writes them (block devices as major:minor).</summary>
internal sealed class PodCgroupLimits
{
    public long? Memory { get; init; }

    /// <summary>Memory plus swap (-1: unlimited).</summary>
    public long? MemorySwap { get; init; }

    /// <summary>CFS quota in microseconds per 100000 period.</summary>
    public long? CpuQuota { get; init; }

    public ulong? CpuShares { get; init; }

    public string? CpusetCpus { get; init; }

    public string? CpusetMems { get; init; }

    public long? PidsLimit { get; init; }

    /// <summary>Weight, device weights and throttles, devices parsed by <see cref="Vaina.Runtime.BlockIoDevices"/>.</summary>
    public Vaina.Runtime.Spec.SpecBlockIo BlockIo { get; init; } = new();
}
