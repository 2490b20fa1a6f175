namespace Vaina.Engine.Containers;

/// <summary>One sample of a container's resource use (Podman's define.ContainerStats).</summary>
public sealed record ContainerStats
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>CPU % since the previous sample (since the start for the first one).</summary>
    public double CpuPercent { get; init; }

    /// <summary>CPU % averaged over the container's whole run.</summary>
    public double AverageCpuPercent { get; init; }

    /// <summary>Total CPU time used, in nanoseconds (Podman's CPU TIME).</summary>
    public ulong CpuNanoseconds { get; init; }

    /// <summary>Wall clock of the sample, Unix nanoseconds (the base of the next CPU %).</summary>
    public ulong SystemNanoseconds { get; init; }

    public ulong MemoryUsage { get; init; }

    public ulong MemoryLimit { get; init; }

    public double MemoryPercent { get; init; }

    public ulong NetInput { get; init; }

    public ulong NetOutput { get; init; }

    public ulong BlockInput { get; init; }

    public ulong BlockOutput { get; init; }

    public ulong Pids { get; init; }
}
