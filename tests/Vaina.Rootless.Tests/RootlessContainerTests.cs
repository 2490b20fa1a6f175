using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Rootless.Tests;

/// <summary>Real containers as an unprivileged user: overlay with userxattr, runc in the user's namespace, pasta and slirp4netns.</summary>
[Collection(RootlessCollection.Name)]
public sealed class RootlessContainerTests(RootlessMachine machine) : IDisposable
{
    private readonly string _root = Path.Combine(machine.User1.Home, "vaina-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runRoot = Path.Combine(machine.User1.RuntimeDir, "vt-" + Guid.NewGuid().ToString("N")[..8]);

    private RootlessUser User => machine.User1;

    private string Busybox => machine.FixtureRegistry + "/busybox:latest";

    [Fact]
    public void RunRemoveEchoes()
    {
        var run = Vaina("run", "--tls-verify=false", "--rm", Busybox, "echo", "hi");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("hi\n", run.Stdout);
        Assert.Equal("", Vaina("ps", "-a", "-q").Stdout);
    }

    [Fact]
    public void ADetachedContainerRunsLogsExecsStopsAndIsRemoved()
    {
        var run = Vaina("run", "--tls-verify=false", "-d", "--name", "rl-detached", Busybox, "sh", "-c", "echo started; exec sleep 1000");
        Assert.True(run.ExitCode == 0, run.Stderr);

        Assert.Equal("rl-detached running\n", Vaina("ps", "--format", "{{.Names}} {{.State}}").Stdout);
        Assert.True(LoopbackHttp.WaitUntil(() => Vaina("logs", "rl-detached").Stdout == "started\n"));
        var exec = Vaina("exec", "rl-detached", "id", "-u");
        Assert.True(exec.ExitCode == 0, exec.Stderr);
        Assert.Equal("0\n", exec.Stdout);

        var stop = Vaina("stop", "-t", "1", "rl-detached");
        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.Equal("rl-detached exited\n", Vaina("ps", "-a", "--format", "{{.Names}} {{.State}}").Stdout);
        Assert.Equal(0, Vaina("rm", "rl-detached").ExitCode);
        Assert.Equal("", Vaina("ps", "-a", "-q").Stdout);
    }

    [Fact]
    public void LayersWithWhiteoutsAndOpaqueDirectoriesApplyOnRootlessOverlay()
    {
        var fixtures = machine.FixtureDirectory;
        var expected = File.ReadAllLines(Path.Combine(fixtures, "layers.expected"))
            .Where(l => !l.StartsWith('#') && !l.StartsWith('@'));
        var script = File.ReadAllText(Path.Combine(RootlessMachine.RepositoryRoot(), "tests", "fixtures", "fslist.sh"));

        var run = machine.VainaWithInput(User, script, "--root", _root, "--runroot", _runRoot, "--storage-driver", "overlay", "run", "--tls-verify=false", "--rm", "-i", machine.FixtureRegistry + "/layers:latest", "sh", "-s", "--", "/", "/fx");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(string.Join('\n', expected), run.Stdout.TrimEnd('\n'));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_root, "overlay"), ".tmp-*"));
    }

    [Fact]
    public void FilesAContainerWritesBelongToTheUserOrItsSubordinateIdsOnTheHost()
    {
        var volume = Path.Combine(_root, "bind");
        Assert.Equal(0, machine.Vaina(User, "unshare", "mkdir", "-p", volume).ExitCode);

        var run = Vaina("run", "--tls-verify=false", "--rm", "-v", volume + ":/data", Busybox, "sh", "-c", "touch /data/by-root && touch /data/by-1000 && chown 1000:1000 /data/by-1000");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var start = SubordinateIdFile.Read("/etc/subuid", User.Name, User.Uid).Single().Start;
        Assert.Equal(User.Uid, Interop.GetFileOwnership(Path.Combine(volume, "by-root")).Uid);
        Assert.Equal(start + 999, Interop.GetFileOwnership(Path.Combine(volume, "by-1000")).Uid);
    }

    [Theory]
    [InlineData("pasta")]
    [InlineData("slirp4netns")]
    public void APublishedPortIsReachableOnTheHost(string network)
    {
        var port = LoopbackHttp.FreePort();
        var run = Vaina("run", "--tls-verify=false", "-d", "--name", "rl-web", "--network", network, "-p", $"{port}:80", Busybox, "sh", "-c", "echo hello-" + network + " > /index.html && exec httpd -f -p 80 -h /");
        Assert.True(run.ExitCode == 0, run.Stderr);

        string? body = null;
        Assert.True(LoopbackHttp.WaitUntil(() => (body = LoopbackHttp.Get(port, "/index.html")) is not null), "no answer on 127.0.0.1:" + port);
        Assert.Contains("hello-" + network, body);
        Assert.Equal($"80/tcp -> 0.0.0.0:{port}\n", Vaina("port", "rl-web").Stdout);

        Assert.Equal(0, Vaina("rm", "-f", "-t", "0", "rl-web").ExitCode);
        Assert.True(LoopbackHttp.WaitUntil(() => LoopbackHttp.Get(port, "/index.html") is null), "the port is still served after rm");
    }

    [Fact]
    public void TheDefaultRootlessNetworkGivesTheContainerAnInterfaceAndNameservers()
    {
        var run = Vaina("run", "--tls-verify=false", "--rm", Busybox, "sh", "-c", "ip -o -4 addr show | grep -vc ' lo '; grep -c '^nameserver' /etc/resolv.conf");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var counts = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        Assert.Equal(1, counts[0]);
        Assert.True(counts[1] >= 1, run.Stdout);
    }

    [Fact]
    public void HostNetworkBindsTheHostsSysReadOnly()
    {
        var run = Vaina("run", "--tls-verify=false", "--rm", "--network", "host", Busybox, "sh", "-c", "ls /sys/class/net; grep -c ' /sys ro,' /proc/self/mountinfo");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var host = Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(string.Join('\n', host) + "\n1\n", run.Stdout);
    }

    [Fact]
    public void ResourceLimitsAreIgnoredOnCgroupV1()
    {
        if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
        {
            return;
        }

        var run = Vaina("run", "--tls-verify=false", "--rm", "-q", "--pids-limit", "100", "--memory", "64m", Busybox, "echo", "ran");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("ran\n", run.Stdout);
        Assert.Equal("Resource limits are not supported and ignored on cgroups V1 rootless systems\n", run.Stderr);
    }

    [Fact]
    public void SystemMigrateStopsRunningContainers()
    {
        var run = Vaina("run", "--tls-verify=false", "-d", Busybox, "sleep", "1000");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var id = run.Stdout.Trim();

        var migrate = Vaina("system", "migrate");

        Assert.True(migrate.ExitCode == 0, migrate.Stderr);
        Assert.Equal("stopped " + id + "\n", migrate.Stdout);
        Assert.Null(User.PausePid);
        Assert.Equal("exited\n", Vaina("ps", "-a", "--format", "{{.State}}").Stdout);
    }

    [Fact]
    public void AnotherUserCannotSeeOrReachTheContainers()
    {
        var name = "rl-private-" + Guid.NewGuid().ToString("N")[..8];
        var run = machine.Vaina(User, "run", "-d", "--tls-verify=false", "--name", name, Busybox, "sleep", "1000");
        try
        {
            Assert.True(run.ExitCode == 0, run.Stderr);

            var other = machine.Vaina(machine.User2, "--root", User.DataDirectory, "--runroot", User.StateDirectory, "ps", "-a");
            var ownDefault = machine.Vaina(machine.User2, "ps", "-a", "--format", "{{.Names}}");

            Assert.NotEqual(0, other.ExitCode);
            Assert.DoesNotContain(name, other.Stdout + ownDefault.Stdout);
        }
        finally
        {
            machine.Vaina(User, "rm", "-f", "-t", "0", name);
        }
    }

    [Fact]
    public void InteractiveTerminalRunsTheShellAndReturnsItsExitCode()
    {
        var run = RootlessMachine.AsUser(
            User,
            ["script", "-qec", $"{machine.Binary} --root {_root} --runroot {_runRoot} run --tls-verify=false --rm -it {Busybox} sh", "/dev/null"],
            "tty; exit 3\n");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("/dev/pts/0", run.Stdout);
    }

    [Fact]
    public void VolumesWithUAreChownedToTheContainerUserOnTheHost()
    {
        var bind = Path.Combine(_root, "u-bind");
        Assert.Equal(0, machine.Vaina(User, "unshare", "mkdir", "-p", bind).ExitCode);

        var run = Vaina("run", "--tls-verify=false", "--rm", "--user", "1000:1000", "-v", bind + ":/data:U", "-v", "named:/named:U", Busybox, "sh", "-c", "touch /data/f /named/f && stat -c %u /named");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("1000\n", run.Stdout);
        var start = SubordinateIdFile.Read("/etc/subuid", User.Name, User.Uid).Single().Start;
        Assert.Equal(start + 999, Interop.GetFileOwnership(bind).Uid);
        Assert.Equal(start + 999, Interop.GetFileOwnership(Path.Combine(bind, "f")).Uid);
    }

    [Fact]
    public void CredentialsOfLoginAreUsedByAPullInsideTheNamespace()
    {
        var registry = machine.FixtureAuthRegistry;
        var login = machine.Vaina(User, "login", "--tls-verify=false", "-u", machine.FixtureUser, "-p", machine.FixturePassword, registry);
        try
        {
            Assert.True(login.ExitCode == 0, login.Stderr);

            var pull = Vaina("pull", "-q", "--tls-verify=false", registry + "/busybox:latest");

            Assert.True(pull.ExitCode == 0, pull.Stderr);
        }
        finally
        {
            machine.Vaina(User, "logout", registry);
        }
    }

    public void Dispose()
    {
        machine.Vaina(User, "--root", _root, "--runroot", _runRoot, "rm", "-a", "-f", "-t", "0");
        foreach (var dir in new[] { _root, _runRoot })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private RunResult Vaina(params string[] args)
        => machine.Vaina(User, ["--root", _root, "--runroot", _runRoot, .. args]);
}
