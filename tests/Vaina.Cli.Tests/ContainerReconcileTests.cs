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
        _host.SimulateReboot("rebooted");

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
