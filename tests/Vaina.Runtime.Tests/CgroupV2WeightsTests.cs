using Vaina.Runtime;

namespace Vaina.Runtime.Tests;

/// <summary>runc's v1-to-v2 weight conversions, which pods and block-IO writes apply themselves.</summary>
public sealed class CgroupV2WeightsTests
{
    [Theory]
    [InlineData(0UL, 1L)]
    [InlineData(2UL, 1L)]
    [InlineData(512UL, 20L)]
    [InlineData(1024UL, 39L)]
    [InlineData(262144UL, 10000L)]
    [InlineData(1_000_000UL, 10000L)]
    public void CpuSharesBecomeCpuWeight(ulong shares, long weight) => Assert.Equal(weight, CgroupV2Weights.CpuWeight(shares));

    [Theory]
    [InlineData((ushort)10, 1L)]
    [InlineData((ushort)300, 2930L)]
    [InlineData((ushort)500, 4950L)]
    [InlineData((ushort)1000, 10000L)]
    public void BlkioWeightBecomesIoWeight(ushort blkio, long weight) => Assert.Equal(weight, CgroupV2Weights.IoWeight(blkio));
}
