namespace Vaina.Cli.Tests;

/// <summary>`run`: exit codes with Podman's texts, stdio, the options the process sees, and --rm leaving nothing.</summary>
public sealed class ContainerRunTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void ExitCodesFollowPodman()
    {
        Assert.Equal(0, _host.Run("run", "--rm", _host.Image, "true").ExitCode);
        Assert.Equal(3, _host.Run("run", "--rm", _host.Image, "sh", "-c", "exit 3").ExitCode);

        var notFound = _host.Run("run", "--rm", _host.Image, "no-such-command");
        Assert.Equal(127, notFound.ExitCode);
        Assert.StartsWith("Error: runc: runc create failed: unable to start container process: exec: \"no-such-command\": executable file not found in $PATH", notFound.Stderr);
        Assert.EndsWith("OCI runtime attempted to invoke a command that was not found\n", notFound.Stderr);

        var notExecutable = _host.Run("run", "--rm", _host.Image, "/etc/passwd");
        Assert.Equal(126, notExecutable.ExitCode);
        Assert.EndsWith("OCI permission denied\n", notExecutable.Stderr);

        var unknown = _host.Run("run", "--rm", "--pull=never", "127.0.0.1:5100/no-such-image:latest");
        Assert.Equal(125, unknown.ExitCode);
        Assert.Equal("Error: 127.0.0.1:5100/no-such-image:latest: image not known\n", unknown.Stderr);

        Assert.Equal(string.Empty, _host.Run("ps", "-aq").Stdout);

        // `start` is an engine command: 125 for the same failures, with Podman's prefix.
        var id = _host.Run("create", "--name", "nocmd", _host.Image, "no-such-command").Stdout.Trim();
        var start = _host.Run("start", "nocmd");
        Assert.Equal(125, start.ExitCode);
        Assert.StartsWith($"Error: unable to start container \"{id}\": runc: runc create failed:", start.Stderr);
        var attached = _host.Run("start", "-a", "nocmd");
        Assert.Equal(125, attached.ExitCode);
        Assert.StartsWith($"Error: unable to start container {id}: runc: runc create failed:", attached.Stderr);
        _host.Run("rm", "-f", "nocmd");
    }

    [Fact]
    public void StdoutStderrAndStdinAreSeparate()
    {
        var r = _host.Run("run", "--rm", _host.Image, "sh", "-c", "echo out; echo err >&2");
        Assert.Equal("out\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);

        var piped = _host.RunWithInput("hi\n", "run", "--rm", "-i", _host.Image, "cat");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("hi\n", piped.Stdout);
    }

    [Fact]
    public void UserEnvWorkdirAndLimitsAreVisibleInside()
    {
        var r = _host.Run("run", "--rm", "--user", "1000", "-w", "/tmp", "-e", "FOO=bar", "--memory", "64m", _host.Image,
            "sh", "-c", "id -u; pwd; echo $FOO; cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("1000\n/tmp\nbar\n67108864\n", r.Stdout);

        var unset = _host.Run("run", "--rm", "--unsetenv-all", "-e", "A=1", _host.Image, "/bin/busybox", "env");
        Assert.Equal("A=1", string.Join('\n', unset.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("HOME=", StringComparison.Ordinal) && !l.StartsWith("HOSTNAME=", StringComparison.Ordinal))));
    }

    [Fact]
    public void RmLeavesNothingBehind()
    {
        Assert.Equal(0, _host.Run("run", "--rm", "--name", "gone", _host.Image, "true").ExitCode);
        Assert.Equal(1, _host.Run("container", "exists", "gone").ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_host.RunRoot, "containers")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_host.RunRoot, "exits")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_host.RunRoot, "runc")));
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(_host.Dir, StringComparison.Ordinal));
    }

    [Fact]
    public void CreateMountUmountRm()
    {
        var id = _host.Run("create", _host.Image, "true").Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        var mounted = _host.Run("mount", id).Stdout.Trim();
        Assert.True(File.Exists(Path.Combine(mounted, "bin/busybox")));
        var umount = _host.Run("umount", id);
        Assert.True(umount.ExitCode == 0, umount.Stderr);
        Assert.False(File.Exists(Path.Combine(mounted, "bin/busybox")));
        Assert.Equal(0, _host.Run("rm", id).ExitCode);
        Assert.Equal(string.Empty, _host.Run("ps", "-aq").Stdout);
    }
}
