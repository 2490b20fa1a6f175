namespace Vaina.Engine.Pods;

/// <summary>A pod's limits in the kernel's units, as <see cref="PodCgroupWriter"/> writes them (devices as MAJOR:MINOR).</summary>
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

    public ushort? BlkioWeight { get; init; }

    public IReadOnlyList<(string Device, ushort Weight)> WeightDevices { get; init; } = [];

    public IReadOnlyList<(string Device, long Rate)> ReadBps { get; init; } = [];

    public IReadOnlyList<(string Device, long Rate)> WriteBps { get; init; } = [];
}
