using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Rootless.Tests;

/// <summary>--userns, --uidmap and pod create --userns as an unprivileged user (and as root where Podman allows).</summary>
[Collection(RootlessCollection.Name)]
public sealed class RootlessUserNamespaceTests(RootlessMachine machine) : IDisposable
{
    private readonly string _root = Path.Combine(machine.User1.Home, "vaina-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runRoot = Path.Combine(machine.User1.RuntimeDir, "vt-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _rootRoot = Path.Combine("/var/tmp", "vaina-userns-" + Guid.NewGuid().ToString("N")[..12]);

    private RootlessUser User => machine.User1;

    private string Busybox => machine.FixtureRegistry + "/busybox:latest";

    [Fact]
    public void KeepIdRunsAsTheUserWithItsPasswdEntryAndFilesOnABindMountBelongToTheUser()
    {
        var bind = Path.Combine(_root, "keep-bind");
        Assert.Equal(0, machine.Vaina(User, "unshare", "mkdir", "-p", bind).ExitCode);

        var run = Vaina("run", "--tls-verify=false", "--rm", "--userns=keep-id", "-v", bind + ":/data", Busybox, "sh", "-c",
            "id -u; id -g; grep ^" + User.Name + ": /etc/passwd; grep ^" + User.Name + ": /etc/group; stat -c %u:%g /bin/busybox /etc/passwd; touch /data/written");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"{User.Uid}\n{User.Uid}\n{User.Name}:*:{User.Uid}:{User.Uid}::/:/bin/sh\n{User.Name}:x:{User.Uid}:{User.Name}\n0:0\n0:0\n", run.Stdout);
        Assert.Equal(User.Uid, Interop.GetFileOwnership(Path.Combine(bind, "written")).Uid);
    }

    [Fact]
    public void KeepIdWithUidAndGidMapsTheUserThere()
    {
        var run = Vaina("run", "--tls-verify=false", "--rm", "--userns=keep-id:uid=5,gid=6", Busybox, "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            "0 1 5|5 0 1|6 6 65531|0 1 6|6 0 1|7 7 65530|5|6",
            string.Join('|', run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))));
    }

    [Fact]
    public void NomapAutoAndUidmapLeaveTheUserOutAndAutoRangesDoNotOverlap()
    {
        Assert.Equal("0 1 65536", Map("--userns=nomap"));
        Assert.Equal("0 1 1024", Map("--userns=auto"));
        Assert.Equal("0 1 500", Map("--userns=auto:size=500"));
        Assert.Equal("0 1 500", Map("--uidmap", "0:1:500"));

        var held = Vaina("create", "--tls-verify=false", "--userns=auto", Busybox, "true");
        Assert.True(held.ExitCode == 0, held.Stderr);
        Assert.Equal("0 1025 1024", Map("--userns=auto"));

        var both = Vaina("run", "--rm", "--userns=auto", "--uidmap", "0:1:10", Busybox, "true");
        Assert.Equal(125, both.ExitCode);
        Assert.Equal("Error: --userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive\n", both.Stderr);
    }

    [Fact]
    public void AContainerWithItsOwnUserNamespaceWritesImageFilesAndKeepsThemAcrossRestarts()
    {
        var create = Vaina("create", "--tls-verify=false", "--name", "un-restart", "--userns=auto", Busybox, "sh", "-c", "echo x >> /etc/motd; wc -l < /etc/motd; stat -c %u /etc/motd");
        Assert.True(create.ExitCode == 0, create.Stderr);

        var first = Vaina("start", "-a", "un-restart");
        var second = Vaina("start", "-a", "un-restart");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal("1\n0\n", first.Stdout);
        Assert.Equal("2\n0\n", second.Stdout);
    }

    [Fact]
    public void PodCreateWithKeepIdGivesEveryMemberTheInfraUserNamespace()
    {
        var bind = Path.Combine(_root, "pod-bind");
        Assert.Equal(0, machine.Vaina(User, "unshare", "mkdir", "-p", bind).ExitCode);
        var pod = Vaina("pod", "create", "--userns=keep-id", "--name", "keep-pod");
        Assert.True(pod.ExitCode == 0, pod.Stderr);

        var a = Vaina("run", "--tls-verify=false", "--rm", "--pod", "keep-pod", "-v", bind + ":/data", Busybox, "sh", "-c", "id -u; touch /data/member; readlink /proc/self/ns/user");
        var b = Vaina("run", "--tls-verify=false", "--rm", "--pod", "keep-pod", Busybox, "readlink", "/proc/self/ns/user");

        Assert.True(a.ExitCode == 0, a.Stderr);
        var lines = a.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(User.Uid.ToString(), lines[0]);
        Assert.Equal(lines[1] + "\n", b.Stdout);
        Assert.Equal(User.Uid, Interop.GetFileOwnership(Path.Combine(bind, "member")).Uid);
        Assert.Equal(0, Vaina("pod", "rm", "-f", "keep-pod").ExitCode);
    }

    [Fact]
    public void KeepAndNomapAreRootlessOnlyAndRootGetsUidmapAndAutoFromTheContainersRanges()
    {
        var keep = AsRoot("run", "-q", "--tls-verify=false", "--rm", "--userns=keep-id", Busybox, "true");
        Assert.Equal("Error: keep-id is only supported in rootless mode\n", keep.Stderr);
        var nomap = AsRoot("run", "-q", "--tls-verify=false", "--rm", "--userns=nomap", Busybox, "true");
        Assert.Equal("Error: nomap is only supported in rootless mode\n", nomap.Stderr);

        Directory.CreateDirectory(_rootRoot);
        var bind = Path.Combine(_rootRoot, "bind");
        Directory.CreateDirectory(bind);
        var run = AsRoot("run", "--tls-verify=false", "--rm", "--uidmap", "0:300000:65536", "-v", bind + ":/data:U", Busybox, "sh", "-c", "cat /proc/self/uid_map; stat -c %u /bin/busybox; touch /data/f");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("0 300000 65536|0", string.Join('|', run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))));
        Assert.Equal(300000u, Interop.GetFileOwnership(Path.Combine(bind, "f")).Uid);

        var containers = SubordinateIdFile.Read("/etc/subuid", "containers", uint.MaxValue).First();
        var auto = AsRoot("run", "--rm", "--userns=auto", Busybox, "cat", "/proc/self/uid_map");
        Assert.True(auto.ExitCode == 0, auto.Stderr);
        Assert.Equal($"0 {containers.Start} 1024", string.Join(' ', auto.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim());
    }

    public void Dispose()
    {
        machine.Vaina(User, "--root", _root, "--runroot", _runRoot, "pod", "rm", "-a", "-f");
        machine.Vaina(User, "--root", _root, "--runroot", _runRoot, "rm", "-a", "-f", "-t", "0");
        RootlessMachine.Run([machine.Binary, "--root", _rootRoot, "--runroot", _rootRoot + "-run", "rm", "-a", "-f", "-t", "0"], null, TimeSpan.FromMinutes(1));
        foreach (var dir in new[] { _root, _runRoot, _rootRoot, _rootRoot + "-run" })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private string Map(params string[] flags)
    {
        var run = Vaina(["run", "--tls-verify=false", "--rm", .. flags, Busybox, "cat", "/proc/self/uid_map"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return string.Join(' ', run.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim();
    }

    private RunResult AsRoot(params string[] args)
        => RootlessMachine.Run([machine.Binary, "--root", _rootRoot, "--runroot", _rootRoot + "-run", .. args], null, TimeSpan.FromMinutes(2));

    private RunResult Vaina(params string[] args)
        => machine.Vaina(User, ["--root", _root, "--runroot", _runRoot, .. args]);
}
