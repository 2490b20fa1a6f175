using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>`ps --ns`, `ps --external`, `container exists --external`, `logs --color`, `exec --preserve-fds`, `create -a`.</summary>
public sealed class ContainerSmallFlagTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void PsNsShowsTheNamespaceInodes()
    {
        var id = _host.Run("run", "-d", "--name", "spaced", _host.Image, "sleep", "1000").Stdout.Trim();
        Assert.Equal(0, _host.Run("create", "--name", "idle", _host.Image, "true").ExitCode);
        var pid = _host.Inspect("spaced", "{{.State.Pid}}");
        string Inode(string ns)
        {
            var target = new FileInfo($"/proc/{pid}/ns/{ns}").LinkTarget!;
            return target[(target.IndexOf('[') + 1)..target.IndexOf(']')];
        }

        var lines = _host.Run("ps", "-a", "--ns").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CONTAINER", "ID", "NAMES", "PID", "CGROUPNS", "IPC", "MNT", "NET", "PIDNS", "USERNS", "UTS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines.Single(l => l.StartsWith(id[..12], StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([id[..12], "spaced", pid, Inode("cgroup"), Inode("ipc"), Inode("mnt"), Inode("net"), Inode("pid"), Inode("user"), Inode("uts")], row);
        // A container that does not run has pid 0 and no namespaces, as Podman.
        Assert.Equal(["idle", "0"], lines.Single(l => l.Contains("idle", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]);

        Assert.Equal($"{Inode("pid")} {Inode("pid")} {Inode("uts")} {Inode("mnt")}", _host.Run("ps", "--ns", "--format", "{{.Namespaces.PIDNS}} {{.PIDNS}} {{.UTS}} {{.Namespaces.MNT}}").Stdout.Trim());
        var json = _host.Run("ps", "--ns", "--format", "json").Stdout;
        Assert.Contains($"\"Pidns\": \"{Inode("pid")}\"", json);
        Assert.Contains($"\"Mnt\": \"{Inode("mnt")}\"", json);
    }

    [Fact]
    public void PsExternalListsStoreContainersVainaDoesNotOwn()
    {
        var id = _host.Run("create", "--name", "orphan", _host.Image, "true").Stdout.Trim();
        Assert.Equal(0, _host.Run("create", "--name", "owned", _host.Image, "true").ExitCode);
        Assert.DoesNotContain("Storage", _host.Run("ps", "-a", "--external").Stdout);

        // A container layer without its container record: what a build's working container (or another tool's) is.
        ContainerTestHost.Exec("sqlite3", Path.Combine(_host.Root, "vaina.db"), $"DELETE FROM containers WHERE id = '{id}'");
        Assert.Equal(1, _host.Run("container", "exists", id).ExitCode);
        Assert.Equal(0, _host.Run("container", "exists", "--external", id).ExitCode);
        Assert.Equal(1, _host.Run("container", "exists", "--external", "nosuch").ExitCode);
        Assert.DoesNotContain(id[..12], _host.Run("ps", "-a").Stdout);

        var rows = _host.Run("ps", "--external", "--format", "{{.ID}}|{{.Image}}|{{.Command}}|{{.Status}}|{{.Names}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"{id[..12]}|{_host.Image}|storage|Storage|unknown"], rows);
        var json = _host.Run("ps", "--external", "--format", "json").Stdout;
        Assert.Contains("\"State\": \"storage\"", json);
        Assert.Contains($"\"Id\": \"{id}\"", json);
    }

    [Fact]
    public void LogsColorPaintsEachContainer()
    {
        Assert.Equal(0, _host.Run("run", "--name", "one", _host.Image, "echo", "first").ExitCode);
        Assert.Equal(0, _host.Run("run", "--name", "two", _host.Image, "sh", "-c", "echo second; echo third >&2").ExitCode);
        var both = _host.Run("logs", "--color", "--names", "one", "two");
        Assert.Equal("\u001b[37mone first\u001b[0m\n\u001b[31mtwo second\u001b[0m\n", both.Stdout);
        Assert.Equal("\u001b[31mtwo third\u001b[0m\n", both.Stderr);
        Assert.Equal("\u001b[37mfirst\u001b[0m\n", _host.Run("logs", "--color", "one").Stdout);
        Assert.Matches("^\u001b\\[37m\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z first\u001b\\[0m\n$", _host.Run("logs", "--color", "-t", "one").Stdout);
        Assert.Equal("first\n", _host.Run("logs", "one").Stdout);
    }

    [Fact]
    public void ExecPreserveFdsPassesTheCallersDescriptors()
    {
        Assert.Equal(0, _host.Run("run", "-d", "--name", "fds", _host.Image, "sleep", "1000").ExitCode);
        var file = Path.Combine(_host.Dir, "passed.txt");
        File.WriteAllText(file, "through fd 3\n");
        var other = Path.Combine(_host.Dir, "other.txt");
        File.WriteAllText(other, "through fd 4\n");
        var vaina = string.Join(' ', new[] { VainaBinary.Path }.Concat(_host.Globals));

        string Shell(string script, out int code)
        {
            using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            code = process.ExitCode;
            return output;
        }

        Assert.Equal("through fd 3\n", Shell($"{vaina} exec --preserve-fds 1 fds sh -c 'cat <&3' 3<{file}", out var code));
        Assert.Equal(0, code);
        Assert.Equal("through fd 3\nthrough fd 4\n", Shell($"{vaina} exec --preserve-fds 2 fds sh -c 'cat <&3; cat <&4' 3<{file} 4<{other}", out code));
        Assert.Equal("Error: file descriptor 4 is not available - the preserve-fds option requires that file descriptors must be passed\n", Shell($"{vaina} exec --preserve-fds 2 fds true 3<{file}", out code));
        Assert.Equal(125, code);

        // Without the flag nothing beyond stdio reaches the process.
        Assert.Contains("No such file", Shell($"{vaina} exec fds cat /proc/self/fd/3 3<{file}", out code), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTakesAttachAndIgnoresItAsPodman()
    {
        var created = _host.Run("create", "-a", "stdout", "--attach", "stderr", "--name", "att", _host.Image, "sh", "-c", "echo out; echo err >&2");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal("created", _host.Inspect("att", "{{.State.Status}}"));
        var started = _host.Run("start", "-a", "att");
        Assert.Equal("out\n", started.Stdout);
        Assert.Equal("err\n", started.Stderr);
    }
}
