using System.Globalization;

namespace Vaina.Cli.Tests;

/// <summary>
/// `ps --filter until|label!` and Podman's filter grouping, `ps --watch/--sync`, `wait --interval`, `top`'s
/// container pids, `logs -n`, `stats` escapes, inspect's StopSignal and annotations, cgroups removed at cleanup.
/// </summary>
public sealed class ContainerListMiscTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private string Names(params string[] filters)
    {
        var args = new List<string> { "ps", "-a", "--format", "{{.Names}}", "--sort", "names" };
        foreach (var f in filters)
        {
            args.AddRange(["--filter", f]);
        }

        var r = _host.Run([.. args]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return string.Join(',', r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void PsFiltersGroupLikePodmanWithUntilAndLabelNot()
    {
        Assert.Equal(0, _host.Run("create", "--name", "a1", "--label", "x=1", _host.Image, "true").ExitCode);
        Assert.Equal(0, _host.Run("create", "--name", "a2", "--label", "x=2", "--label", "y=1", _host.Image, "true").ExitCode);
        Assert.Equal(0, _host.Run("create", "--name", "a3", _host.Image, "true").ExitCode);

        // One key's values are alternatives, label's must all match, different keys must all match.
        Assert.Equal("a1,a2", Names("name=a1", "name=a2"));
        Assert.Equal("a2", Names("label=x", "label=y"));
        Assert.Equal(string.Empty, Names("name=a1", "label=y"));

        // label! (later Podman's): none of the given labels may match.
        Assert.Equal("a2,a3", Names("label!=x=1"));
        Assert.Equal("a3", Names("label!=x"));
        Assert.Equal("a3", Names("label!=x=1", "label!=y"));

        // until: created before a time, a Go duration back from now (negative: ahead) or Unix seconds.
        Assert.Equal(string.Empty, Names("until=10m"));
        Assert.Equal("a1,a2,a3", Names("until=-1h"));
        Assert.Equal("a1,a2,a3", Names("until=" + DateTimeOffset.UtcNow.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)));
        Assert.Equal(string.Empty, Names("until=" + DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        Assert.Equal("a1", Names("until=-1h", "name=a1"));

        var bad = _host.Run("ps", "-a", "--filter", "until=bogus");
        Assert.Equal((125, "Error: failed to parse value as time or duration: \"bogus\"\n"), (bad.ExitCode, bad.Stderr));
        Assert.Equal("Error: specify exactly one timestamp for until\n", _host.Run("ps", "-a", "--filter", "until=1s", "--filter", "until=2s").Stderr);
        var task = _host.Run("container", "list", "-a", "--filter", "is-task=true");
        Assert.Equal((125, "Error: is-task is an invalid filter\n"), (task.ExitCode, task.Stderr));
        Assert.Equal("Error: invalid filter \"bogus\"\n", _host.Run("ps", "--filter", "bogus").Stderr);

        // The same filters choose the containers of other verbs.
        Assert.Equal(0, _host.Run("rm", "--filter", "label!=x").ExitCode);
        Assert.Equal("a1,a2", Names());
    }

    [Fact]
    public void PsWatchRefreshesAndSyncIsAccepted()
    {
        Assert.Equal(0, _host.Run("run", "-d", "--name", "watched", _host.Image, "sleep", "1000").ExitCode);
        Assert.Equal("watched\n", _host.Run("container", "ps", "--sync", "--format", "{{.Names}}").Stdout);

        // Piped: the table again every second, no escape codes.
        var piped = ContainerTestHost.Exec("timeout", ["4", VainaBinary.Path, .. _host.Globals, "ps", "--watch", "1", "--format", "{{.Names}}"]);
        Assert.DoesNotContain("\u001b", piped);
        Assert.True(piped.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 2, piped);
        Assert.All(piped.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("watched", l));

        // On a terminal each refresh clears the screen first, as Podman's.
        var (_, output) = _host.RunInPty("if out.count(b'\\x1b[2J\\x1b[1;1H') >= 2 and out.endswith(b'\\n'): os.kill(pid, 9)", null, "ps", "-w", "1", "--format", "{{.Names}}");
        Assert.Contains("\u001b[2J\u001b[1;1Hwatched", output);
        Assert.True(output.Split("\u001b[2J\u001b[1;1H").Length >= 3, output);

        Assert.Equal("Error: the watch and latest flags cannot be used together\n", _host.Run("ps", "-w", "1", "-l").Stderr);
        var negative = _host.Run("ps", "-w", "-1");
        Assert.Equal(125, negative.ExitCode);
        Assert.StartsWith("Error: invalid argument \"-1\" for \"-w, --watch\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax\n", negative.Stderr);
    }

    [Fact]
    public async Task WaitIntervalIsParsedAsPodmanDoes()
    {
        Assert.Equal(3, _host.Run("run", "--name", "done", _host.Image, "sh", "-c", "exit 3").ExitCode);
        Assert.Equal("3\n", _host.Run("wait", "--interval", "5", "done").Stdout);
        Assert.Equal("3\n", _host.Run("container", "wait", "-i", "2s", "done").Stdout);
        Assert.Equal("3\n", _host.Run("wait", "-i", "0", "done").Stdout);
        var bad = _host.Run("wait", "--interval", "bogus", "done");
        Assert.Equal((125, "Error: time: invalid duration \"bogus\"\n"), (bad.ExitCode, bad.Stderr));
        Assert.Equal("Error: time: unknown unit \"x\" in duration \"5x\"\n", _host.Run("wait", "-i", "5x", "done").Stderr);

        // A short interval bounds the checks of a condition.
        Assert.Equal(0, _host.Run("create", "--name", "later", _host.Image, "sleep", "1000").ExitCode);
        var started = Task.Run(() => _host.Run("wait", "-i", "10ms", "--condition", "running", "later"));
        Thread.Sleep(300);
        Assert.Equal(0, _host.Run("start", "later").ExitCode);
        var waited = await started.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, waited.ExitCode);
        Assert.Equal("running", _host.Inspect("later", "{{.State.Status}}"));
    }

    [Fact]
    public void TopShowsContainerPidsAndHostPidsOnRequest()
    {
        Assert.Equal(0, _host.Run("run", "-d", "--name", "procs", _host.Image, "sh", "-c", "sleep 1000 & sleep 1000").ExitCode);
        var init = _host.Inspect("procs", "{{.State.Pid}}");
        ContainerTestHost.WaitFor(() => _host.Run("top", "procs").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3, "both sleeps");
        var rows = _host.Run("top", "procs", "pid", "ppid", "hpid", "args").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["PID", "PPID", "HPID", "COMMAND"], rows[0]);
        Assert.Equal(["1", "0", init], rows.Single(r => r[2] == init)[..3]);
        var child = rows.Skip(1).Single(r => r[2] != init);
        Assert.Equal("1", child[1]);
        Assert.NotEqual(child[2], child[0]);
        Assert.True(int.Parse(child[0], CultureInfo.InvariantCulture) < 100, child[0]);

        var defaults = _host.Run("top", "procs").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(defaults, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["root", "1", "0", ..]);
        Assert.Equal(["HUSER", "HGROUP"], _host.Run("top", "procs", "huser,hgroup").Stdout.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("root", _host.Run("top", "procs", "huser").Stdout.Split('\n')[1]);

        // Descriptors the table lacks: ps(1) in the container with the arguments, as Podman does.
        var ps = _host.Run("top", "procs", "-o", "pid,comm");
        Assert.Equal(0, ps.ExitCode);
        Assert.Matches(@"^ *PID +COMMAND\n *1 +sleep\n", ps.Stdout);
        var bad = _host.Run("top", "procs", "-o", "bogus");
        Assert.Equal(125, bad.ExitCode);
        Assert.StartsWith("Error: executing ps(1) in the container: runtime failed with exit status: 1 and output: ps: bad -o argument 'bogus'", bad.Stderr);
    }

    [Fact]
    public void LogsNamesOnlyPrefixSeveralContainers()
    {
        Assert.Equal(0, _host.Run("run", "--name", "one", _host.Image, "echo", "hello").ExitCode);
        var two = _host.Run("run", "-d", "--name", "two", _host.Image, "echo", "world").Stdout.Trim();
        _host.Run("wait", "two");
        Assert.Equal("hello\n", _host.Run("logs", "-n", "one").Stdout);
        Assert.Equal("hello\n", _host.Run("container", "logs", "--names", "one").Stdout);
        Assert.Equal(["one hello", "two world"], _host.Run("logs", "-n", "one", "two").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Contains($"{two[..12]} world", _host.Run("logs", "one", "two").Stdout);
    }

    [Fact]
    public void InspectStopSignalIsANumberAndTheSpecCarriesPodmansAnnotations()
    {
        Assert.Equal(0, _host.Run("run", "-d", "--name", "sig", "--stop-signal", "SIGINT", _host.Image, "sleep", "1000").ExitCode);
        Assert.Equal("2", _host.Inspect("sig", "{{json .Config.StopSignal}}"));
        var annotations = _host.Inspect("sig", "{{json .Config.Annotations}}");
        Assert.Contains("\"org.opencontainers.image.stopSignal\":\"2\"", annotations);
        Assert.Contains("\"io.container.manager\":\"libpod\"", annotations);
        Assert.Contains("\"io.podman.annotations.autoremove\":\"FALSE\"", annotations);
        Assert.Contains("\"io.kubernetes.cri-o.TTY\":\"false\"", annotations);

        Assert.Equal(0, _host.Run("create", "--name", "plain", "--annotation", "mine=yes", _host.Image, "sleep", "1000").ExitCode);
        Assert.Equal("15", _host.Inspect("plain", "{{json .Config.StopSignal}}"));
        var created = _host.Inspect("plain", "{{json .Config.Annotations}}");
        Assert.Contains("\"mine\":\"yes\"", created);
        Assert.Contains("\"io.podman.annotations.init\":\"FALSE\"", created);
        Assert.DoesNotContain("stopSignal", created);

        // --systemd mode: SIGRTMIN+3, in inspect and in the spec's annotation.
        Assert.Equal(0, _host.Run("run", "-d", "--name", "sd", "--systemd", "always", _host.Image, "sleep", "1000").ExitCode);
        Assert.Equal("37", _host.Inspect("sd", "{{json .Config.StopSignal}}"));
        Assert.Contains("\"org.opencontainers.image.stopSignal\":\"37\"", _host.Inspect("sd", "{{json .Config.Annotations}}"));
    }

    [Fact]
    public void CleanupRemovesTheContainersCgroupsOnEveryController()
    {
        var id = _host.Run("run", "-d", "--name", "grouped", _host.Image, "sleep", "1000").Stdout.Trim();
        List<string> Groups() => [.. Directory.GetDirectories("/sys/fs/cgroup").Select(h => Path.Combine(h, "libpod_parent", "libpod-" + id)).Where(Directory.Exists)];
        Assert.NotEmpty(Groups());

        // runc's state is lost with the run root (a reboot without one): cleanup still removes the groups.
        _host.SimulateReboot("grouped");
        Assert.Equal(0, _host.Run("rm", "-f", "grouped").ExitCode);
        Assert.Empty(Groups());

        var second = _host.Run("run", "-d", _host.Image, "sleep", "1000").Stdout.Trim();
        Assert.Equal(0, _host.Run("rm", "-f", "-t", "0", second).ExitCode);
        Assert.DoesNotContain(Directory.GetDirectories("/sys/fs/cgroup").Select(h => Path.Combine(h, "libpod_parent", "libpod-" + second)), Directory.Exists);
    }
}
