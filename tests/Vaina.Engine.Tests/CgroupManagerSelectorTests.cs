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
    public void ARootlessUserWithoutASessionBusFallsBackToCgroupfsWithPodmansWarnings()
    {
        var (manager, warnings) = CgroupManagerSelector.Select(null, "systemd", () => true, rootlessUid: 1000, userSessionBus: () => false);
        Assert.Equal("cgroupfs", manager);
        Assert.Equal(
            [
                "The cgroupv2 manager is set to systemd but there is no systemd user session available",
                "For using systemd, you may need to login using an user session",
                "Alternatively, you can enable lingering with: `loginctl enable-linger 1000` (possibly as root)",
                "Falling back to --cgroup-manager=cgroupfs",
            ],
            warnings);
        Assert.Equal(("systemd", 0), (CgroupManagerSelector.Select(null, "systemd", () => true, 1000, () => true) is var (m, w) ? (m, w.Count) : default));
        // Root never needs a session bus.
        Assert.Equal("systemd", CgroupManagerSelector.Select(null, "systemd", () => true, 0, () => throw new InvalidOperationException()).Manager);
    }

    [Fact]
    public void ASessionBusAddressMustNameAnExistingSocket()
    {
        string? saved = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        try
        {
            Environment.SetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS", null);
            Assert.False(CgroupManagerSelector.HasUserSessionBus());
            Environment.SetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
            Assert.False(CgroupManagerSelector.HasUserSessionBus());
            string file = Path.GetTempFileName();
            Environment.SetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + file + ",guid=1");
            Assert.True(CgroupManagerSelector.HasUserSessionBus());
            File.Delete(file);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS", saved);
        }
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
