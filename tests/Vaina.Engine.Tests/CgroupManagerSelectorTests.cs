using Vaina.Engine.Containers;

namespace Vaina.Engine.Tests;

/// <summary>Which cgroup manager containers get, from the flag, containers.conf and whether systemd is PID 1.</summary>
public sealed class CgroupManagerSelectorTests
{
    [Fact]
    public void SystemdIsUsedWhereSystemdIsPid1()
    {
        Assert.Equal(("systemd", 0), Pick(null, "systemd", systemd: true));
        Assert.Equal(("systemd", 0), Pick("systemd", "cgroupfs", systemd: true));
        Assert.Equal(("cgroupfs", 0), Pick("cgroupfs", "systemd", systemd: true));
    }

    [Fact]
    public void SystemdFallsBackToCgroupfsWithPodmansWarningElsewhere()
    {
        var (manager, warnings) = CgroupManagerSelector.Select("systemd", "cgroupfs", () => false);
        Assert.Equal("cgroupfs", manager);
        Assert.Equal("Falling back to --cgroup-manager=cgroupfs", warnings[^1]);
        Assert.Equal(("cgroupfs", 2), Pick(null, "systemd", systemd: false));
        Assert.Equal(("cgroupfs", 0), Pick(null, "cgroupfs", systemd: false));
    }

    [Fact]
    public void Pid1IsOnlyAskedAboutWhenSystemdIsRequested()
        => Assert.Equal("cgroupfs", CgroupManagerSelector.Select("cgroupfs", "systemd", () => throw new InvalidOperationException()).Manager);

    [Fact]
    public void UnknownManagerIsPodmansError()
        => Assert.Equal(
            "configuring runtime: cgroup manager must be one of cgroupfs and systemd: invalid argument",
            Assert.Throws<VainaException>(() => CgroupManagerSelector.Select("bogus", "systemd", () => true)).Message);

    [Fact]
    public void ThisHostHasNoSystemdAsPid1()
        => Assert.Equal(File.ReadAllText("/proc/1/comm").Trim() == "systemd", CgroupManagerSelector.SystemdIsPid1());

    private static (string, int) Pick(string? flag, string configured, bool systemd)
    {
        var (manager, warnings) = CgroupManagerSelector.Select(flag, configured, () => systemd);
        return (manager, warnings.Count);
    }
}
