using Vaina.Linux.Namespaces;

namespace Vaina.Rootless.Tests;

public sealed class SubordinateIdFileTests
{
    [Fact]
    public void RangesMatchByNameOrByUidInFileOrder()
    {
        const string content = """
            # comment
            alice:100000:65536
            bob:165536:65536
            1000:300000:1000
            alice:400000:10

            broken line
            alice:x:10
            """;

        var ranges = SubordinateIdFile.Parse(content, "alice", 1000);

        Assert.Equal([new SubordinateIdRange(100000, 65536), new SubordinateIdRange(300000, 1000), new SubordinateIdRange(400000, 10)], ranges);
    }

    [Fact]
    public void AUserWithoutALineHasNoRanges()
    {
        Assert.Empty(SubordinateIdFile.Parse("bob:165536:65536\n", "alice", 1000));
        Assert.Empty(SubordinateIdFile.Read("/nonexistent/subuid", "alice", 1000));
    }

    [Fact]
    public void MappingsPutTheUserAtZeroAndTheRangesAfterIt()
    {
        var mappings = SubordinateIdFile.BuildMappings(1000, [new SubordinateIdRange(100000, 65536), new SubordinateIdRange(300000, 1000)]);

        Assert.Equal([new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536), new IdMapping(65537, 300000, 1000)], mappings);
        Assert.Equal(["1", "100000", "65536"], mappings[1].ToArguments());
    }

    [Fact]
    public void ProcMapFilesParse()
    {
        var map = IdMapping.ParseMapFile("         0       1001          1\n         1     100000      65536\n");

        Assert.Equal([new IdMapping(0, 1001, 1), new IdMapping(1, 100000, 65536)], map);
        Assert.False(IdMapping.IsIdentity(map));
        Assert.True(IdMapping.IsIdentity(IdMapping.ParseMapFile("         0          0 4294967295\n")));
    }
}
