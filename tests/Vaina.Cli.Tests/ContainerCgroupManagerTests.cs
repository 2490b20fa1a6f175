namespace Vaina.Cli.Tests;

/// <summary>--cgroup-manager on a host whose PID 1 is not systemd (this one; a systemd run is unit-tested only).</summary>
public sealed class ContainerCgroupManagerTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void SystemdWithoutSystemdFallsBackToCgroupfs()
    {
        if (File.ReadAllText("/proc/1/comm").Trim() == "systemd")
        {
            // A systemd host honours the request; this test is about the fallback.
            return;
        }

        var run = _host.Run("--cgroup-manager", "systemd", "run", "--name", "sd", _host.Image, "cat", "/proc/self/cgroup");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("level=warning msg=\"Falling back to --cgroup-manager=cgroupfs\"", run.Stderr);
        var id = _host.Inspect("sd", "{{.Id}}");
        Assert.Contains("/libpod_parent/libpod-" + id, run.Stdout);
        Assert.Equal("cgroupfs", _host.Inspect("sd", "{{.HostConfig.CgroupManager}}"));

        var bad = _host.Run("--cgroup-manager", "bogus", "run", "--rm", _host.Image, "true");
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: configuring runtime: cgroup manager must be one of cgroupfs and systemd: invalid argument\n", bad.Stderr);
    }
}
