namespace Vaina.Cli.Tests;

/// <summary>exec exit codes, and -it through a real pseudo-terminal.</summary>
public sealed class ContainerExecTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void ExecExitCodes()
    {
        _host.Run("run", "-d", "--name", "target", _host.Image, "sleep", "1000");
        var r = _host.Run("exec", "target", "sh", "-c", "echo in; exit 5");
        Assert.Equal(5, r.ExitCode);
        Assert.Equal("in\n", r.Stdout);
        Assert.Equal(127, _host.Run("exec", "target", "no-such-command").ExitCode);
        Assert.Equal(126, _host.Run("exec", "target", "/etc/passwd").ExitCode);
        Assert.Equal("piped\n", _host.RunWithInput("piped\n", "exec", "-i", "target", "cat").Stdout);
        Assert.Equal("/tmp 1000\n", _host.Run("exec", "-w", "/tmp", "-u", "1000", "target", "sh", "-c", "echo $(pwd) $(id -u)").Stdout);
        var top = _host.Run("top", "target").Stdout.Split('\n');
        Assert.Matches("^USER +PID +PPID +%CPU +ELAPSED +TTY +TIME +COMMAND$", top[0]);
        Assert.Contains(top, l => l.EndsWith("sleep 1000", StringComparison.Ordinal));
    }

    [Fact]
    public void InteractiveTerminalThroughAPty()
    {
        var (code, output) = _host.RunInPty(
            """
            if state['step'] == 1 and b'# ' in out:
                os.write(fd, b'tty; echo sum-$((40+2)); exit 7\r')
                state['step'] = 1
            """,
            null,
            "run", "--rm", "-it", _host.Image, "sh");
        Assert.Equal(7, code);
        Assert.Contains("/dev/pts/0", output);
        Assert.Contains("sum-42", output);
    }
}
