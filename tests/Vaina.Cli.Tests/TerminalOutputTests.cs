using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>
/// vaina on a real pseudo-terminal (TERM set, as in a user's shell): Podman writes only its output there, so vaina
/// must not add .NET's console initialisation (terminfo's keypad-transmit ESC[?1h ESC=), and must leave the
/// terminal's settings as it found them. The bytes are compared exactly.
/// </summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class TerminalOutputTests(FixtureRegistry registry)
{
    private const string Driver = """
import base64, json, os, select, subprocess, sys, termios, time
master, slave = os.openpty()
before = termios.tcgetattr(slave)
prompt, answer = sys.argv[1].encode(), sys.argv[2].encode()
env = dict(os.environ, TERM='xterm-256color')
p = subprocess.Popen(sys.argv[3:], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
out = b''
answered = not prompt
deadline = time.time() + 120
while time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.2)
    if r:
        out += os.read(master, 65536)
        if not answered and prompt in out:
            # Answer once echo is off, as a person typing after the prompt would.
            while termios.tcgetattr(slave)[3] & termios.ECHO and p.poll() is None and time.time() < deadline:
                time.sleep(0.01)
            os.write(master, answer)
            answered = True
    elif p.poll() is not None:
        break
if p.poll() is None:
    p.kill()
code = p.wait()
print(json.dumps({'code': code, 'out': base64.b64encode(out).decode(), 'restored': termios.tcgetattr(slave) == before}))
""";

    [Theory]
    [InlineData("version")]
    [InlineData("ps -a")]
    [InlineData("images --noheading")]
    [InlineData("ps --last abc")]
    public void WritesToATerminalExactlyWhatItWritesToAPipe(string command)
    {
        using var roots = new TempRoots();
        var args = roots.Args(command.Split(' '));
        var piped = VainaBinary.Run(args);
        var (code, output, restored) = RunOnTerminal("", "", args);
        Assert.Equal(piped.ExitCode, code);
        Assert.Equal((piped.Stdout + piped.Stderr).Replace("\n", "\r\n", StringComparison.Ordinal), output);
        Assert.DoesNotContain('\u001b', output);
        Assert.True(restored, "the terminal's settings changed");
    }

    [Fact]
    public void RunInteractiveWritesOnlyTheContainersOutputAndRestoresTheTerminal()
    {
        using var roots = new TempRoots();
        var image = $"{registry.Registry}/busybox:latest";
        Assert.Equal(0, roots.Run("pull", "-q", "--tls-verify=false", image).ExitCode);

        // The container's terminal turns its "\n" into "\r\n"; raw mode on vaina's side passes it through as is.
        var (code, output, restored) = RunOnTerminal("", "", roots.Args("run", "--rm", "-it", "--network", "none", image, "sh", "-c", "echo hi; exit 3"));
        Assert.Equal(3, code);
        Assert.Equal("hi\r\n", output);
        Assert.True(restored, "run -it left the terminal in raw mode");
    }

    [Fact]
    public void LoginReadsThePasswordWithoutEchoAndRestoresTheTerminal()
    {
        using var roots = new TempRoots();
        var authFile = Path.Combine(roots.Base, "auth.json");
        var (code, output, restored) = RunOnTerminal(
            "Password: ",
            registry.Password + "\r",
            roots.Args("login", "--authfile", authFile, "--tls-verify=false", "-u", registry.User, registry.AuthRegistry));
        Assert.True(code == 0, output);
        Assert.Equal("Password: \r\nLogin Succeeded!\r\n", output);
        Assert.True(restored, "login left echo off");
        Assert.Contains(registry.AuthRegistry, File.ReadAllText(authFile));
    }

    private static (int ExitCode, string Output, bool Restored) RunOnTerminal(string prompt, string answer, string[] args)
    {
        var script = Path.Combine(Path.GetTempPath(), $"vaina-pty-{Guid.NewGuid():N}.py");
        File.WriteAllText(script, Driver);
        try
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { script, prompt, answer, VainaBinary.Path }.Concat(args))
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEnd();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            return (
                root.GetProperty("code").GetInt32(),
                Encoding.UTF8.GetString(Convert.FromBase64String(root.GetProperty("out").GetString()!)),
                root.GetProperty("restored").GetBoolean());
        }
        finally
        {
            File.Delete(script);
        }
    }
}
