using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>
/// `container cleanup` (conmon's exit command and the user command) and its hand-over with `stop`: the stopping
/// command cleans up itself and the exit command then does nothing, yet a stopper that dies leaves the cleanup
/// to the exit command, and a later exit of the same container is cleaned up and restarted as usual.
/// </summary>
public sealed class ContainerCleanupTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void StopperKilledWhileWaitingLeavesTheCleanupToConmonsExitCommand()
    {
        var id = _host.Run("run", "-d", "--name", "deaf", _host.Image, "sh", "-c", "trap '' TERM; while :; do sleep 0.1; done").Stdout.Trim();
        var runtimeState = Path.Combine(_host.RunRoot, "runc", id);
        Assert.True(Directory.Exists(runtimeState), runtimeState);
        var pid = _host.Inspect("deaf", "{{.State.Pid}}");
        var conmon = int.Parse(_host.Inspect("deaf", "{{.State.ConmonPid}}"), System.Globalization.CultureInfo.InvariantCulture);
        var claim = Path.Combine(_host.RunRoot, "containers", id, "cleanup-claim");

        var start = new ProcessStartInfo(VainaBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[.. _host.Globals, "stop", "-t", "60", "deaf"])
        {
            start.ArgumentList.Add(arg);
        }

        using (var stopper = Process.Start(start)!)
        {
            // The stopper has claimed the cleanup and sent SIGTERM, which the container ignores.
            ContainerTestHost.WaitFor(() => File.Exists(claim), "the stop's cleanup claim");
            stopper.Kill();
            stopper.WaitForExit();
        }

        // The container now ends by itself; no vaina command runs from here on until conmon's exit command is done.
        ContainerTestHost.Exec("kill", "-9", pid);
        ContainerTestHost.WaitFor(() => !Directory.Exists($"/proc/{conmon}") || File.ReadAllText($"/proc/{conmon}/stat").Contains(") Z ", StringComparison.Ordinal), "conmon and its exit command to finish");
        Assert.False(Directory.Exists(runtimeState), "the exit command did not delete the runtime container");
        Assert.DoesNotContain(id, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
        Assert.Equal("exited 137", _host.Inspect("deaf", "{{.State.Status}} {{.State.ExitCode}}"));
    }

    [Fact]
    public void AfterAStopTheNextExitIsCleanedUpAndRestartedByPolicy()
    {
        var data = Directory.CreateDirectory(Path.Combine(_host.Dir, "data")).FullName;
        _host.Run("run", "-d", "--name", "twice", "--restart", "on-failure:1", "-v", data + ":/data", _host.Image,
            "sh", "-c", "[ -f /data/fail ] && { echo failing; exit 3; }; trap 'exit 0' TERM; while :; do sleep 0.1 & wait; done");
        Thread.Sleep(300);
        Assert.Equal(0, _host.Run("stop", "twice").ExitCode);
        Assert.Equal("exited 0 0", _host.Inspect("twice", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}"));

        // The stop's claim must not stand for this exit: conmon's exit command applies the policy (one restart).
        File.WriteAllText(Path.Combine(data, "fail"), string.Empty);
        Assert.Equal(0, _host.Run("start", "twice").ExitCode);
        ContainerTestHost.WaitFor(() => _host.Run("logs", "twice").Stdout == "failing\nfailing\n", "the restart by policy: " + _host.Run("logs", "twice").Stdout);
        ContainerTestHost.WaitFor(() => _host.Inspect("twice", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}") == "exited 3 1", "the second exit");
    }

    [Fact]
    public void RestartedContainerIsStillCleanedUpWhenItExitsByItself()
    {
        var id = _host.Run("run", "-d", "--name", "again", _host.Image, "sh", "-c", "trap 'exit 0' TERM; sleep 1 & wait; exit 5").Stdout.Trim();
        Thread.Sleep(300);
        Assert.Equal(0, _host.Run("restart", "again").ExitCode);
        var conmon = int.Parse(_host.Inspect("again", "{{.State.ConmonPid}}"), System.Globalization.CultureInfo.InvariantCulture);
        ContainerTestHost.WaitFor(() => !Directory.Exists($"/proc/{conmon}") || File.ReadAllText($"/proc/{conmon}/stat").Contains(") Z ", StringComparison.Ordinal), "the container's own exit and its cleanup");
        Assert.False(Directory.Exists(Path.Combine(_host.RunRoot, "runc", id)), "the exit command did not clean up after the restart");
        Assert.Equal("exited 5", _host.Inspect("again", "{{.State.Status}} {{.State.ExitCode}}"));
    }

    [Fact]
    public void CleanupRefusesRunningAndUnknownContainersAsPodman()
    {
        var id = _host.Run("run", "-d", "--name", "busy", _host.Image, "sleep", "1000").Stdout.Trim();
        var running = _host.Run("container", "cleanup", "busy");
        Assert.Equal(125, running.ExitCode);
        Assert.Equal(string.Empty, running.Stdout);
        Assert.EndsWith($"Error: failed to clean up container {id}: container {id} is running or paused, refusing to clean up: container state improper\n", running.Stderr);
        Assert.Contains("level=error msg=\"Cleaning up container: failed to clean up container", running.Stderr);

        var unknown = _host.Run("container", "cleanup", "nosuch");
        Assert.Equal(125, unknown.ExitCode);
        Assert.EndsWith("Error: no container with name or ID \"nosuch\" found: no such container\n", unknown.Stderr);
        Assert.Contains("level=error msg=\"Running container cleanup: no container with name or ID \\\"nosuch\\\" found: no such container\"", unknown.Stderr);

        Assert.Equal(0, _host.Run("rm", "-f", "-t", "0", "busy").ExitCode);
    }

    [Fact]
    public void CleanupRmRemovesTheContainerAndRmiItsImage()
    {
        Assert.Equal(0, _host.Run("tag", _host.Image, "localhost/cleanup-rmi:1").ExitCode);
        _host.Run("run", "--name", "once", _host.Image, "true");
        _host.Run("run", "--name", "tagged", "localhost/cleanup-rmi:1", "true");

        var cleaned = _host.Run("container", "cleanup", "once");
        Assert.Equal(0, cleaned.ExitCode);
        Assert.Equal("once\n", cleaned.Stdout);
        Assert.Equal("exited", _host.Inspect("once", "{{.State.Status}}"));

        var removed = _host.Run("container", "cleanup", "--rm", "once");
        Assert.Equal("once\n", removed.Stdout);
        Assert.Equal(1, _host.Run("container", "exists", "once").ExitCode);

        // --rmi removes the name the container was created from: the image keeps its other name.
        var untagged = _host.Run("container", "cleanup", "--rm", "--rmi", "tagged");
        Assert.Equal(0, untagged.ExitCode);
        Assert.Equal("tagged\n", untagged.Stdout);
        Assert.Equal(1, _host.Run("container", "exists", "tagged").ExitCode);
        Assert.Equal(1, _host.Run("image", "exists", "localhost/cleanup-rmi:1").ExitCode);
        Assert.Equal(0, _host.Run("image", "exists", _host.Image).ExitCode);

        // An image its container still uses stays, and that is the error (the container is cleaned up).
        _host.Run("run", "--name", "user", _host.Image, "true");
        var inUse = _host.Run("container", "cleanup", "--rmi", "user");
        Assert.Equal(125, inUse.ExitCode);
        Assert.Equal(string.Empty, inUse.Stdout);
        Assert.Contains("level=error msg=\"Removing image: ", inUse.Stderr);
        Assert.Contains("image is in use by a container", inUse.Stderr);
        Assert.Equal(0, _host.Run("image", "exists", _host.Image).ExitCode);
    }

    [Fact]
    public void DetachedExecSessionIsCleanedUpByConmonsExitCommand()
    {
        var id = _host.Run("run", "-d", "--name", "detached", _host.Image, "sleep", "1000").Stdout.Trim();
        var session = _host.Run("exec", "-d", "detached", "sh", "-c", "exit 3").Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", session);

        // Podman's exit command, `container cleanup --exec SESSION CTR`: the runtime files (attach socket, ctl
        // fifo, process.json, pid files) go when the session ends; the exit code stays until the container goes.
        var dir = Path.Combine(_host.RunRoot, "containers", id, "exec", session[..12]);
        ContainerTestHost.WaitFor(
            () => Directory.Exists(dir) && Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).SequenceEqual(["exit"]),
            "conmon's exit command to clean up the detached exec session",
            seconds: 60);
        Assert.Equal("3", File.ReadAllText(Path.Combine(dir, "exit", id)).Trim());
        Assert.Equal(0, _host.Run("rm", "-f", "-t", "0", "detached").ExitCode);
    }

    [Fact]
    public void CleanupExecForgetsAnEndedSessionAndRefusesARunningOne()
    {
        var id = _host.Run("run", "-d", "--name", "host", _host.Image, "sleep", "1000").Stdout.Trim();
        var sessions = Path.Combine(_host.RunRoot, "containers", id, "exec");
        var quick = _host.Run("exec", "-d", "host", "true").Stdout.Trim();
        var slow = _host.Run("exec", "-d", "host", "sleep", "1000").Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", quick);
        var quickDir = Path.Combine(sessions, quick[..12]);
        ContainerTestHost.WaitFor(() => File.Exists(Path.Combine(quickDir, "exit", id)), "the quick exec session to end");

        // Without --rm the ended session loses its runtime files and keeps its exit code; --rm forgets it.
        var cleaned = _host.Run("container", "cleanup", "--exec", quick, "host");
        Assert.Equal(0, cleaned.ExitCode);
        Assert.Equal(string.Empty, cleaned.Stdout);
        Assert.Equal(["exit"], Directory.GetFileSystemEntries(quickDir).Select(Path.GetFileName));
        Assert.Equal(0, _host.Run("container", "cleanup", "--exec", quick, "--rm", "host").ExitCode);
        Assert.False(Directory.Exists(quickDir));
        var gone = _host.Run("container", "cleanup", "--exec", quick, "host");
        Assert.Equal(125, gone.ExitCode);
        Assert.EndsWith($"Error: container {id} has no exec session with ID {quick}: no such exec session\n", gone.Stderr);

        var busy = _host.Run("container", "cleanup", "--exec", slow, "host");
        Assert.Equal(125, busy.ExitCode);
        Assert.EndsWith($"Error: cannot clean up container {id} exec session {slow} as it is running: exec session state improper\n", busy.Stderr);
        var busyRm = _host.Run("container", "cleanup", "--exec", slow, "--rm", "host");
        Assert.EndsWith($"Error: container {id} exec session {slow} is still running, cannot remove: exec session state improper\n", busyRm.Stderr);
        Assert.True(Directory.Exists(Path.Combine(sessions, slow[..12])));

        Assert.Equal("Error: cannot use exec option when more than one container is given\n", _host.Run("container", "cleanup", "--exec", slow, "host", "host").Stderr);
        Assert.Equal("Error: exec and all options conflict\n", _host.Run("container", "cleanup", "--exec", slow, "--all").Stderr);
        Assert.Equal("Error: exec and rmi options conflict\n", _host.Run("container", "cleanup", "--exec", slow, "--rmi", "host").Stderr);
        Assert.Equal(0, _host.Run("rm", "-f", "-t", "0", "host").ExitCode);
    }
}
