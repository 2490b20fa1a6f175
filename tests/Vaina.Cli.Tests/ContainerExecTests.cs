using System.Diagnostics;

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
        var script = $"""
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
deadline = time.time() + 30
sent = False
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if not sent and b'# ' in out:
        os.write(fd, b'tty; echo sum-$((40+2)); exit 7\r')
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
sys.exit(os.WEXITSTATUS(status))
""";
        var file = Path.Combine(_host.Dir, "pty_session.py");
        File.WriteAllText(file, script);
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { file, VainaBinary.Path }.Concat(_host.Globals).Concat(["run", "--rm", "-it", _host.Image, "sh"]))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(7, p.ExitCode);
        Assert.Contains("/dev/pts/0", output);
        Assert.Contains("sum-42", output);
    }
}
