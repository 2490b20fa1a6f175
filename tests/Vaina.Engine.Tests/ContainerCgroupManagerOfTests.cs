using Vaina.Engine.Containers;

namespace Vaina.Engine.Tests;

/// <summary>
/// The cgroup manager is the container's, kept at create (Podman's ContainerConfig.CgroupManager): later commands
/// give the runtime and conmon that manager's arguments whatever this command's --cgroup-manager is; containers
/// made before it was kept follow the command's.
/// </summary>
public sealed class ContainerCgroupManagerOfTests : IDisposable
{
    private readonly string _base = Path.Combine("/var/tmp", "vaina-cgm-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly VainaEngine _engine;

    public ContainerCgroupManagerOfTests()
    {
        _engine = new VainaEngine(new EngineOptions { Root = Path.Combine(_base, "root"), RunRoot = Path.Combine(_base, "run"), CgroupManager = "cgroupfs" });
    }

    public void Dispose()
    {
        _engine.Dispose();
        if (Directory.Exists(_base))
        {
            Directory.Delete(_base, recursive: true);
        }
    }

    [Fact]
    public void TheStoredManagerChoosesTheRuntimeArguments()
    {
        var systemd = Record(new ContainerConfig { CgroupManager = "systemd" });
        Assert.Equal("systemd", _engine.Containers.CgroupManagerOf(systemd.Config));
        Assert.True(_engine.Containers.LauncherFor(systemd).SystemdCgroup);
        Assert.Contains("--systemd-cgroup", _engine.Containers.LauncherFor(systemd).RuntimeGlobalArgs());

        var cgroupfs = Record(new ContainerConfig { CgroupManager = "cgroupfs" });
        Assert.False(_engine.Containers.LauncherFor(cgroupfs).SystemdCgroup);

        // --cgroups=split is the runtime's own path: never --systemd-cgroup.
        var split = Record(new ContainerConfig { CgroupManager = "systemd", CgroupsMode = "split" });
        Assert.False(_engine.Containers.LauncherFor(split).SystemdCgroup);
    }

    [Fact]
    public void AContainerWithoutAStoredManagerFollowsTheCommand()
    {
        var old = Record(new ContainerConfig());
        Assert.Equal("cgroupfs", _engine.Containers.CgroupManagerOf(old.Config));
        Assert.False(_engine.Containers.LauncherFor(old).SystemdCgroup);
    }

    private static ContainerRecord Record(ContainerConfig config)
        => new() { Id = new string('a', 64), Name = "c", ImageName = "busybox", Config = config };
}
