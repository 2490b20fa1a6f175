using System.Text.Json;
using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Rootless.Tests;

/// <summary>An unprivileged user's vaina in its user namespace: entering, joining, recovering, migrate.</summary>
[Collection(RootlessCollection.Name)]
public sealed class UserNamespaceTests(RootlessMachine machine)
{
    private RootlessUser User => machine.User1;

    [Fact]
    public void UnshareRunsTheCommandAsRoot()
    {
        var result = machine.Vaina(User, "unshare", "id", "-u");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0\n", result.Stdout);
    }

    [Fact]
    public void UidAndGidMapsAreTheUserThenItsSubordinateRange()
    {
        var subuid = SubordinateIdFile.Read("/etc/subuid", User.Name, User.Uid).Single();
        var subgid = SubordinateIdFile.Read("/etc/subgid", User.Name, User.Uid).Single();
        uint gid = uint.Parse(RootlessMachine.Run(["id", "-g", User.Name], null, TimeSpan.FromSeconds(10)).Stdout.Trim());

        var uidMap = machine.Vaina(User, "unshare", "cat", "/proc/self/uid_map");
        var gidMap = machine.Vaina(User, "unshare", "cat", "/proc/self/gid_map");

        Assert.Equal([new IdMapping(0, User.Uid, 1), new IdMapping(1, subuid.Start, subuid.Count)], IdMapping.ParseMapFile(uidMap.Stdout));
        Assert.Equal([new IdMapping(0, gid, 1), new IdMapping(1, subgid.Start, subgid.Count)], IdMapping.ParseMapFile(gidMap.Stdout));
    }

    [Fact]
    public void LaterCommandsJoinThePauseProcessNamespace()
    {
        var first = machine.Vaina(User, "unshare", "readlink", "/proc/self/ns/user");
        var pause = User.PausePid;
        var second = machine.Vaina(User, "unshare", "readlink", "/proc/self/ns/user");
        var mountInside = machine.Vaina(User, "unshare", "readlink", "/proc/self/ns/mnt");

        Assert.Equal(0, first.ExitCode);
        Assert.NotNull(pause);
        Assert.Equal(pause, User.PausePid);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(NamespaceFiles.Identity(pause.Value, "user") + "\n", first.Stdout);
        Assert.Equal(NamespaceFiles.Identity(pause.Value, "mnt") + "\n", mountInside.Stdout);
        Assert.NotEqual(NamespaceFiles.SelfIdentity("user") + "\n", first.Stdout);
    }

    [Fact]
    public void SystemMigrateStopsThePauseProcessAndTheNextCommandCreatesANewNamespace()
    {
        Assert.Equal(0, machine.Vaina(User, "unshare", "true").ExitCode);
        var before = User.PausePid!.Value;

        var migrate = machine.Vaina(User, "system", "migrate");

        Assert.Equal(0, migrate.ExitCode);
        Assert.Equal("", migrate.Stdout + migrate.Stderr);
        Assert.False(File.Exists(User.PausePidFile));
        Assert.True(WaitUntil(() => !RootlessMachine.IsAlive(before)));

        var after = machine.Vaina(User, "unshare", "readlink", "/proc/self/ns/user");
        Assert.Equal(0, after.ExitCode);
        Assert.NotEqual(before, User.PausePid);
        Assert.Equal(NamespaceFiles.Identity(User.PausePid!.Value, "user") + "\n", after.Stdout);
    }

    [Fact]
    public void ThePauseProcessIsDetachedFromTheCaller()
    {
        machine.Vaina(User, "system", "migrate");
        Assert.Equal(0, machine.VainaIn(User, User.Home, "unshare", "true").ExitCode);
        var pid = User.PausePid!.Value;

        Assert.Equal("/", new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget);
        Assert.Equal("/dev/null", new FileInfo($"/proc/{pid}/fd/0").LinkTarget);
        Assert.Equal("/dev/null", new FileInfo($"/proc/{pid}/fd/1").LinkTarget);
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[3]);
    }

    [Fact]
    public void AKilledPauseProcessIsReplaced()
    {
        Assert.Equal(0, machine.Vaina(User, "unshare", "true").ExitCode);
        var killed = User.PausePid!.Value;
        RootlessMachine.KillPause(User);

        var result = machine.Vaina(User, "unshare", "id", "-u");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0\n", result.Stdout);
        Assert.NotEqual(killed, User.PausePid);
        Assert.True(RootlessMachine.IsAlive(User.PausePid!.Value));
    }

    [Fact]
    public void AStalePidFileOfAnotherProcessIsNotJoined()
    {
        machine.Vaina(User, "system", "migrate");
        // A pid that exists but is not a pause process (pid 1, owned by root).
        File.WriteAllText(User.PausePidFile, "1\n");

        var result = machine.Vaina(User, "unshare", "id", "-u");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0\n", result.Stdout);
        Assert.NotEqual(1, User.PausePid);
    }

    [Fact]
    public void AUserWithoutSubordinateRangesGetsPodmansErrorAndASingleMapping()
    {
        var user = machine.UserWithoutRanges;
        machine.Vaina(user, "system", "migrate");

        var result = machine.Vaina(user, "unshare", "cat", "/proc/self/uid_map");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"cannot find UID/GID for user {user.Name}: no subuid ranges found for user \"{user.Name}\" in /etc/subuid - check rootless mode in man pages.", result.Stderr);
        Assert.Contains("Using rootless single mapping into the namespace", result.Stderr);
        Assert.Equal([new IdMapping(0, user.Uid, 1)], IdMapping.ParseMapFile(result.Stdout));

        // Joining the existing namespace does not repeat the messages.
        var again = machine.Vaina(user, "unshare", "id", "-u");
        Assert.Equal("", again.Stderr);
        Assert.Equal("0\n", again.Stdout);
    }

    [Fact]
    public void FilesCreatedAsRootInsideBelongToTheUserOnTheHost()
    {
        var probe = Path.Combine(User.DataDirectory, "probe-" + Guid.NewGuid().ToString("N"));
        var subordinate = Path.Combine(User.DataDirectory, "probe-sub-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = machine.Vaina(User, "unshare", "sh", "-c", $"touch {probe} {subordinate} && chown 1:1 {subordinate}");

            Assert.Equal(0, result.ExitCode);
            var start = SubordinateIdFile.Read("/etc/subuid", User.Name, User.Uid).Single().Start;
            Assert.Equal(User.Uid, Interop.GetFileOwnership(probe).Uid);
            Assert.Equal(start, Interop.GetFileOwnership(subordinate).Uid);
        }
        finally
        {
            File.Delete(probe);
            File.Delete(subordinate);
        }
    }

    [Fact]
    public void StorageAndStateDirectoriesArePrivateToTheUser()
    {
        Assert.Equal(0, machine.Vaina(User, "unshare", "true").ExitCode);
        Assert.Equal(0, machine.Vaina(machine.User2, "unshare", "true").ExitCode);

        foreach (var directory in new[] { User.DataDirectory, User.StateDirectory })
        {
            var owner = Interop.GetFileOwnership(directory);
            Assert.Equal(User.Uid, owner.Uid);
            Assert.Equal(0x1C0u, owner.Mode & 0xFFF);
        }

        Assert.Equal(0x180u, Interop.GetFileOwnership(User.PausePidFile).Mode & 0xFFF);
        var other = RootlessMachine.AsUser(machine.User2, ["ls", User.DataDirectory]);
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("Permission denied", other.Stderr);
        var otherInside = machine.Vaina(machine.User2, "unshare", "ls", User.DataDirectory);
        Assert.NotEqual(0, otherInside.ExitCode);
    }

    [Fact]
    public void ExitCodeStdinStdoutAndStderrPassThroughTheReexec()
    {
        var exit = machine.Vaina(User, "unshare", "sh", "-c", "echo out; echo err >&2; exit 42");
        var stdin = machine.VainaWithInput(User, "line one\nline two\n", "unshare", "cat");

        Assert.Equal(42, exit.ExitCode);
        Assert.Equal("out\n", exit.Stdout);
        Assert.Equal("err\n", exit.Stderr);
        Assert.Equal(0, stdin.ExitCode);
        Assert.Equal("line one\nline two\n", stdin.Stdout);
    }

    [Fact]
    public void TheCommandReplacesVainaSoSignalsReachItDirectly()
    {
        // runuser forks once; below it, vaina -> nsenter -> vaina -> sh are one process (execve each time).
        var result = machine.Vaina(User, "unshare", "sh", "-c", "echo $PPID; kill -TERM $$; sleep 5");

        var parent = int.Parse(result.Stdout.Trim());
        Assert.Equal(result.Pid, parent);
        Assert.Equal(128 + 15, result.ExitCode);
    }

    [Fact]
    public void UnshareWithoutACommandRunsTheShell()
    {
        var result = machine.VainaWithInput(User, "id -u; exit 7\n", "unshare");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("0\n", result.Stdout);
    }

    [Fact]
    public void UnshareWithoutACommandOrShellIsPodmansError()
    {
        var result = RootlessMachine.AsUser(User, ["env", "-u", "SHELL", machine.Binary, "unshare"]);

        Assert.Equal(125, result.ExitCode);
        Assert.Equal("Error: no command specified and no $SHELL specified\n", result.Stderr);
    }

    [Fact]
    public void TheWorkingDirectoryIsKept()
    {
        var result = machine.VainaIn(User, User.Home, "unshare", "pwd");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(User.Home + "\n", result.Stdout);
    }

    [Fact]
    public void AWorkingDirectoryTheUserCannotOpenFallsBackToTheRoot()
    {
        var result = machine.VainaIn(User, "/root", "unshare", "pwd");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/\n", result.Stdout);
    }

    [Fact]
    public void GlobalFlagsSurviveTheReexec()
    {
        var root = Path.Combine(User.Home, "custom-root");
        var result = machine.Vaina(User, "--root", root, "--runroot", Path.Combine(User.RuntimeDir, "custom-run"), "unshare", "sh", "-c", "echo $CONTAINERS_GRAPHROOT");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(root + "\n", result.Stdout);
    }

    [Fact]
    public void UnshareSetsTheStoragePathVariables()
    {
        var result = machine.Vaina(User, "unshare", "sh", "-c", "echo $CONTAINERS_GRAPHROOT; echo $CONTAINERS_RUNROOT");

        Assert.Equal($"{User.DataDirectory}\n{User.StateDirectory}\n", result.Stdout);
    }

    [Fact]
    public void AMissingCommandFailsLikePodman()
    {
        var result = machine.Vaina(User, "unshare", "no-such-command-vaina");

        Assert.Equal(127, result.ExitCode);
        Assert.Equal("Error: exec: \"no-such-command-vaina\": executable file not found in $PATH\n", result.Stderr);
    }

    [Fact]
    public void VainaInsideUnshareKnowsItIsRootlessForTheUser()
    {
        var result = machine.Vaina(User, "unshare", machine.Binary, "info", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var info = JsonDocument.Parse(result.Stdout);
        Assert.True(info.RootElement.GetProperty("host").GetProperty("security").GetProperty("rootless").GetBoolean());
        Assert.Equal(User.DataDirectory, info.RootElement.GetProperty("store").GetProperty("graphRoot").GetString());
    }

    [Fact]
    public void VersionAndInfoDoNotStartAPauseProcess()
    {
        machine.Vaina(User, "system", "migrate");

        var version = machine.Vaina(User, "version");
        var info = machine.Vaina(User, "info", "--format", "json");

        Assert.Equal(0, version.ExitCode);
        Assert.Equal(0, info.ExitCode);
        Assert.Null(User.PausePid);
        using var json = JsonDocument.Parse(info.Stdout);
        Assert.True(json.RootElement.GetProperty("host").GetProperty("security").GetProperty("rootless").GetBoolean());
    }

    [Fact]
    public void InfoShowsTheNamespacesIdMappings()
    {
        var subuid = SubordinateIdFile.Read("/etc/subuid", User.Name, User.Uid).Single();

        var info = machine.Vaina(User, "info", "--format", "{{range .Host.IDMappings.UIDMap}}{{.ContainerID}}:{{.HostID}}:{{.Size}} {{end}}");

        Assert.True(info.ExitCode == 0, info.Stderr);
        Assert.Equal($"0:{User.Uid}:1 1:{subuid.Start}:{subuid.Count} \n", info.Stdout);
    }

    [Fact]
    public void ALiteralDoubleDashAfterTheCommandIsKept()
    {
        var result = machine.Vaina(User, "unshare", "echo", "--", "x");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("-- x\n", result.Stdout);
    }

    [Fact]
    public void UnshareAsRootFailsLikePodman()
    {
        var result = RootlessMachine.Run([machine.Binary, "unshare", "id"], null, TimeSpan.FromMinutes(1));

        Assert.Equal(125, result.ExitCode);
        Assert.Equal("Error: please use unshare with rootless\n", result.Stderr);
    }

    [Fact]
    public void TwoUsersGetTwoNamespaces()
    {
        var one = machine.Vaina(User, "unshare", "readlink", "/proc/self/ns/user");
        var two = machine.Vaina(machine.User2, "unshare", "readlink", "/proc/self/ns/user");

        Assert.Equal(0, one.ExitCode);
        Assert.Equal(0, two.ExitCode);
        Assert.NotEqual(one.Stdout, two.Stdout);
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200; i++)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(10);
        }

        return condition();
    }
}
