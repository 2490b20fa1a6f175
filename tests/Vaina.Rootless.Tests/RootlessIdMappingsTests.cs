using Vaina.Engine.Rootless;
using Vaina.Linux.Namespaces;

namespace Vaina.Rootless.Tests;

public sealed class RootlessIdMappingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vaina-subid-").FullName;

    [Fact]
    public void RangesFromBothFilesBecomeTheMaps()
    {
        var (subuid, subgid) = Files("alice:100000:65536\n", "alice:200000:65536\n");

        var mappings = RootlessIdMappings.Resolve(1000, 1001, "alice", subuid, subgid);

        Assert.Empty(mappings.Messages);
        Assert.True(mappings.HasSubordinateIds);
        Assert.Equal([new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536)], mappings.UidMappings);
        Assert.Equal([new IdMapping(0, 1001, 1), new IdMapping(1, 200000, 65536)], mappings.GidMappings);
    }

    [Fact]
    public void WithoutSubuidRangesPodmansErrorAndTheSingleMapping()
    {
        var (subuid, subgid) = Files("bob:100000:65536\n", "alice:200000:65536\n");

        var mappings = RootlessIdMappings.Resolve(1000, 1001, "alice", subuid, subgid);

        Assert.False(mappings.HasSubordinateIds);
        Assert.Equal([new IdMapping(0, 1000, 1)], mappings.UidMappings);
        Assert.Equal([new IdMapping(0, 1001, 1)], mappings.GidMappings);
        Assert.Equal(
            $"ERRO[0000] cannot find UID/GID for user alice: no subuid ranges found for user \"alice\" in {subuid} - check rootless mode in man pages.",
            mappings.Messages[0]);
        Assert.StartsWith("WARN[0000] Using rootless single mapping into the namespace.", mappings.Messages[1]);
    }

    [Fact]
    public void WithoutSubgidRangesTheGroupIsNamed()
    {
        var (subuid, subgid) = Files("alice:100000:65536\n", "");

        var mappings = RootlessIdMappings.Resolve(1000, 1001, "alice", subuid, subgid);

        Assert.Contains($"no subgid ranges found for group \"alice\" in {subgid}", mappings.Messages[0]);
        Assert.Single(mappings.UidMappings);
    }

    [Theory]
    [InlineData("version", false)]
    [InlineData("info", false)]
    [InlineData("system migrate", false)]
    [InlineData("network create", false)]
    [InlineData("unshare", true)]
    [InlineData("pull", true)]
    [InlineData("run", true)]
    [InlineData("image ls", true)]
    [InlineData("container cleanup", true)]
    public void CommandsThatTouchLayersNeedTheNamespace(string command, bool needed)
    {
        Assert.Equal(needed, ParentNamespaceCommands.NeedsUserNamespace(command));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Subuid, string Subgid) Files(string subuid, string subgid)
    {
        var uidPath = Path.Combine(_dir, "subuid");
        var gidPath = Path.Combine(_dir, "subgid");
        File.WriteAllText(uidPath, subuid);
        File.WriteAllText(gidPath, subgid);
        return (uidPath, gidPath);
    }
}
