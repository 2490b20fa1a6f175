namespace Vaina.Cli.Tests;

/// <summary>Reconciliation: a container whose conmon died or whose run root vanished shows its true state.</summary>
public sealed class ContainerReconcileTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void RunRootRemovedLikeAReboot()
    {
        _host.Run("run", "-d", "--name", "rebooted", _host.Image, "sleep", "1000");
        var pids = _host.Inspect("rebooted", "{{.State.ConmonPid}} {{.State.Pid}}").Split(' ');
        ContainerTestHost.Exec("kill", "-9", pids[0], pids[1]);
        Thread.Sleep(200);

        // A reboot empties the run root (a tmpfs) and drops every mount in it, such as the container's netns.
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(p => p.StartsWith(_host.RunRoot + "/", StringComparison.Ordinal)).OrderByDescending(p => p.Length);
        foreach (var mountPoint in mounts)
        {
            ContainerTestHost.Exec("umount", "-l", mountPoint);
        }

        Directory.Delete(_host.RunRoot, recursive: true);

        var ps = _host.Run("ps", "-a", "--format", "{{.Names}} {{.State}}");
        Assert.Equal(0, ps.ExitCode);
        Assert.Equal("rebooted exited", ps.Stdout.Trim());
        Assert.Equal(0, _host.Run("start", "rebooted").ExitCode);
        Assert.Equal("running", _host.Inspect("rebooted", "{{.State.Status}}"));
        Assert.Equal(0, _host.Run("rm", "-f", "-t", "0", "rebooted").ExitCode);
    }

    [Fact]
    public void ConmonKilled()
    {
        _host.Run("run", "-d", "--name", "orphan", _host.Image, "sleep", "1000");
        var conmon = _host.Inspect("orphan", "{{.State.ConmonPid}}");
        ContainerTestHost.Exec("kill", "-9", conmon);
        Thread.Sleep(200);

        // The process still runs (reparented): stop must still work and leave a consistent state.
        Assert.Equal("running", _host.Inspect("orphan", "{{.State.Status}}"));
        Assert.Equal(0, _host.Run("stop", "-t", "0", "orphan").ExitCode);
        Assert.Equal("exited", _host.Inspect("orphan", "{{.State.Status}}"));
        Assert.Equal(0, _host.Run("rm", "orphan").ExitCode);
    }
}
