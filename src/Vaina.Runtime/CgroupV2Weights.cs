namespace Vaina.Runtime;

/// <summary>
/// runc's conversions of cgroup v1 weights to the v2 scale (1..10000), for the places that write v2 files or systemd
/// properties themselves (pods, block-IO throttles) rather than through the runtime.
/// </summary>
public static class CgroupV2Weights
{
    /// <summary>cpu.shares (2..262144) to cpu.weight / CPUWeight.</summary>
    public static long CpuWeight(ulong shares) => 1 + ((long)Math.Clamp(shares, 2UL, 262144UL) - 2) * 9999 / 262142;

    /// <summary>blkio.weight (10..1000) to io.weight / IOWeight when BFQ is not there.</summary>
    public static long IoWeight(ushort weight) => 1 + (Math.Clamp((long)weight, 10, 1000) - 10) * 9999 / 990;
}
