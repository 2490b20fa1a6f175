using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>
/// One container test's world: its own --root and --runroot under /var/tmp, busybox pulled from the project's
/// fixture registry (tests/fixtures/registry.sh), and everything removed afterwards (containers, mounts, dirs).
/// </summary>
public sealed class ContainerTestHost : IDisposable
{
    private static readonly Lazy<string> RegistryAddress = new(StartRegistry);

    public ContainerTestHost()
        : this(Environment.GetEnvironmentVariable("VAINA_TEST_STORAGE_DRIVER"))
    {
    }

    /// <summary>A host whose commands all pass `--storage-driver <paramref name="storageDriver"/>` (null: the default, overlay).</summary>
    public ContainerTestHost(string? storageDriver)
    {
        StorageDriver = string.IsNullOrEmpty(storageDriver) ? null : storageDriver;
        Dir = Directory.CreateTempSubdirectory("vaina-ct-").FullName;
        Directory.Delete(Dir);
        Dir = Path.Combine("/var/tmp", Path.GetFileName(Dir));
        Directory.CreateDirectory(Dir);
        Image = RegistryAddress.Value + "/busybox:latest";
        var pulled = Run("create", "--tls-verify=false", "--name", "pull-once", Image, "true");
        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        Run("rm", "pull-once");
        if (StorageDriver is not null)
        {
            // The store really uses the driver asked for.
            Assert.True(Directory.Exists(Path.Combine(Root, StorageDriver)), "no " + StorageDriver + " directory in " + Root);
            Assert.Equal(StorageDriver, Run("info", "--format", "{{.Store.GraphDriverName}}").Stdout.Trim());
        }
    }

    public string Dir { get; }

    public string Root => Path.Combine(Dir, "root");

    public string RunRoot => Path.Combine(Dir, "run");

    public string Image { get; }

    public string? StorageDriver { get; }

    /// <summary>
    /// For a test that runs on several storage drivers: this host for overlay (the default), else this one
    /// disposed and a new host whose commands all use <paramref name="driver"/>.
    /// </summary>
    public ContainerTestHost WithDriver(string driver)
    {
        if (driver == "overlay")
        {
            return this;
        }

        Dispose();
        return new ContainerTestHost(driver);
    }

    public string[] Globals => StorageDriver is null
        ? ["--root", Root, "--runroot", RunRoot]
        : ["--root", Root, "--runroot", RunRoot, "--storage-driver", StorageDriver];

    public VainaResult Run(params string[] args) => VainaBinary.Run([.. Globals, .. args], null, null);

    public VainaResult RunWithInput(string stdin, params string[] args) => VainaBinary.Run([.. Globals, .. args], stdin, null);

    /// <summary>Polls until <paramref name="condition"/> holds (containers settle asynchronously after exit).</summary>
    public static void WaitFor(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            Thread.Sleep(100);
        }
    }

    public string Inspect(string container, string format) => Run("inspect", "--format", format, container).Stdout.Trim();

    public void Dispose()
    {
        Run("rm", "-a", "-f", "-t", "0");
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            var mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(Dir, StringComparison.Ordinal))
            {
                Exec("umount", "-l", mountPoint);
            }
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// A reboot as the run root sees it: the containers' conmon and PID 1 are killed, the run root (a tmpfs)
    /// loses its mounts (such as netns files) and its contents.
    /// </summary>
    public void SimulateReboot(params string[] containers)
    {
        foreach (var name in containers)
        {
            var pids = Inspect(name, "{{.State.ConmonPid}} {{.State.Pid}}").Split(' ');
            Exec("kill", "-9", pids[0], pids[1]);
        }

        Thread.Sleep(200);
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(p => p.StartsWith(RunRoot + "/", StringComparison.Ordinal)).OrderByDescending(p => p.Length);
        foreach (var mountPoint in mounts)
        {
            Exec("umount", "-l", mountPoint);
        }

        Directory.Delete(RunRoot, recursive: true);
    }

    /// <summary>
    /// Runs vaina with <paramref name="args"/> on a pseudo-terminal driven by python's pty module: after each read,
    /// <paramref name="react"/> (python statements with `out`, the bytes so far, `fd`, `state` and `winsize(rows, cols)`)
    /// may write keys or resize; the terminal starts with <paramref name="size"/> (rows, columns) when given.
    /// A session still running after 40 s is killed. Returns the exit code and everything the terminal showed.
    /// </summary>
    public (int ExitCode, string Output) RunInPty(string react, (int Rows, int Columns)? size, params string[] args)
    {
        var initial = size is { } s ? $"winsize({s.Rows}, {s.Columns})" : "pass";
        var indented = string.Join('\n', react.Split('\n').Select(l => "    " + l));
        var script = $"""
import fcntl, os, pty, select, struct, sys, termios, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
def winsize(rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
def react(out, state):
{indented}
{initial}
state = {"{"}'step': 1{"}"}
out = b''
deadline = time.time() + 40
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
    react(out, state)
finished, status = os.waitpid(pid, os.WNOHANG)
if finished == 0:
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
""";
        var file = Path.Combine(Dir, $"pty-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { file, VainaBinary.Path }.Concat(Globals).Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    public static string Exec(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    private static string StartRegistry()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "fixtures", "registry.sh")))
        {
            dir = dir.Parent;
        }

        var script = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("tests/fixtures/registry.sh not found"), "tests", "fixtures", "registry.sh");
        Exec("bash", script, "start");
        foreach (var line in Exec("bash", script, "env").Split('\n'))
        {
            if (line.StartsWith("VAINA_FIXTURE_REGISTRY=", StringComparison.Ordinal))
            {
                return line["VAINA_FIXTURE_REGISTRY=".Length..].Trim();
            }
        }

        throw new InvalidOperationException("registry.sh env printed no VAINA_FIXTURE_REGISTRY");
    }
}
