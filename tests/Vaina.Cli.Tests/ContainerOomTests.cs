namespace Vaina.Cli.Tests;

/// <summary>
/// inspect's OOMKilled: true for a container whose process the OOM killer killed (conmon's oom file, or the kernel
/// log's record when conmon missed it, see KernelOomLog), false for a SIGKILL from elsewhere. cgroup v2 with the
/// systemd manager, where conmon misses it, is in tests/Vaina.Vm.Tests.
/// </summary>
public sealed class ContainerOomTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void AnOomKillIsOomKilledAndAnotherSigkillIsNot()
    {
        var oom = _host.Run("run", "--name", "oom", "--memory", "32m", "--memory-swap", "32m", "--shm-size", "256m", _host.Image,
            "dd", "if=/dev/zero", "of=/dev/shm/fill", "bs=1M", "count=128");
        Assert.True(oom.ExitCode == 137, oom.Stderr);
        Assert.Equal("true 137", _host.Inspect("oom", "{{.State.OOMKilled}} {{.State.ExitCode}}"));

        var killed = _host.Run("run", "-d", "--name", "killed", "--memory", "32m", _host.Image, "sleep", "100");
        Assert.True(killed.ExitCode == 0, killed.Stderr);
        Assert.Equal(0, _host.Run("kill", "-s", "KILL", "killed").ExitCode);
        Assert.Equal("137", _host.Run("wait", "killed").Stdout.Trim());
        Assert.Equal("false 137", _host.Inspect("killed", "{{.State.OOMKilled}} {{.State.ExitCode}}"));
    }
}
