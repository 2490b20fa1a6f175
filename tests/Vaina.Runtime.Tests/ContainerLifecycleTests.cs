using Vaina.Runtime.Conmon;
using Vaina.Runtime.Logs;

namespace Vaina.Runtime.Tests;

/// <summary>Real runc + conmon as root, on a busybox rootfs.</summary>
public sealed class ContainerLifecycleTests : IClassFixture<HarnessFixture>
{
    private readonly RuntimeHarness _h;

    public ContainerLifecycleTests(HarnessFixture fixture)
    {
        _h = fixture.Harness;
    }

    [Fact]
    public async Task ExitCodesArePassedThrough()
    {
        Assert.Equal(0, (await _h.RunAsync("true")).ExitCode);
        Assert.Equal(3, (await _h.RunAsync("sh", "-c", "exit 3")).ExitCode);
    }

    [Fact]
    public async Task MissingCommandFailsWith127()
    {
        VainaException e = await Assert.ThrowsAnyAsync<VainaException>(() => _h.RunAsync("no-such-command"));
        Assert.Equal(127, e.ExitCode);
        Assert.Contains("executable file not found", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(_h.Runtime.Name + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonExecutableFileFailsWith126()
    {
        VainaException e = await Assert.ThrowsAnyAsync<VainaException>(() => _h.RunAsync("/etc/notexec.sh"));
        Assert.Equal(126, e.ExitCode);
        Assert.Contains("permission denied", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StdoutAndStderrAreSeparatedAndLogged()
    {
        ContainerRun run = await _h.RunAsync("sh", "-c", "echo out; echo err >&2; printf partial");
        Assert.Equal("out\npartial", run.Stdout);
        Assert.Equal("err\n", run.Stderr);

        List<LogEntry> log = K8sFileLogReader.ReadAll(run.LogPath);
        Assert.Contains(log, e => e.Stream == "stdout" && e.Text == "out");
        Assert.Contains(log, e => e.Stream == "stderr" && e.Text == "err");
        Assert.Contains(log, e => e.Stream == "stdout" && e.Text == "partial");
        Assert.All(log, e => Assert.True(e.Time > DateTimeOffset.Now.AddMinutes(-5)));
    }

    [Fact]
    public async Task StdinIsPipedThrough()
    {
        ContainerRun run = await _h.RunAsync(_h.Options("cat") with { Interactive = true }, "hello\nworld\n");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello\nworld\n", run.Stdout);
    }

    [Fact]
    public async Task UserAndGroupsResolveFromTheImage()
    {
        ContainerRun run = await _h.RunAsync(_h.Options("id") with { User = "tester" });
        Assert.Equal("uid=1000(tester) gid=1000(tester) groups=10(wheel),29(audio),1000(tester)\n", run.Stdout);

        run = await _h.RunAsync(_h.Options("id") with { User = "1000:wheel", GroupAdd = ["65534"] });
        Assert.StartsWith("uid=1000(tester) gid=10(wheel) groups=", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("65534(nogroup)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentAndWorkdir()
    {
        ContainerRun run = await _h.RunAsync(_h.Options("sh", "-c", "env; pwd") with
        {
            WorkingDir = "/tmp",
            Hostname = "box",
            Environment = new EnvironmentOptions { Env = ["FOO=bar"] },
        });
        string[] lines = run.Stdout.Split('\n');
        Assert.Contains("FOO=bar", lines);
        Assert.Contains("container=podman", lines);
        Assert.Contains("HOME=/root", lines);
        Assert.Contains("HOSTNAME=box", lines);
        Assert.Contains("PATH=" + ContainerEnvironment.DefaultPath, lines);
        Assert.Equal("/tmp", lines[^2]);
    }

    [Fact]
    public async Task RlimitsStayWithinTheCallersHardLimit()
    {
        (ulong _, ulong hard) = Vaina.Linux.Interop.GetResourceLimit(Vaina.Linux.Interop.RLIMIT_NOFILE);
        ContainerRun run = await _h.RunAsync("sh", "-c", "ulimit -n; ulimit -Hn");
        string expected = Math.Min(hard, RuntimeSpecBuilder.DefaultRlimitValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{expected}\n{expected}\n", run.Stdout);
    }

    [Fact]
    public async Task DefaultCapabilitiesArePodmans()
    {
        ContainerRun run = await _h.RunAsync("grep", "Cap", "/proc/self/status");
        Assert.Contains("CapEff:\t00000000800405fb", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("CapBnd:\t00000000800405fb", run.Stdout, StringComparison.Ordinal);

        run = await _h.RunAsync(_h.Options("grep", "CapEff", "/proc/self/status") with { CapDrop = ["CHOWN"], CapAdd = ["net_raw"] });
        Assert.Contains("CapEff:\t00000000800425fa", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyRootfsKeepsTmpfsWritable()
    {
        ContainerRun run = await _h.RunAsync(_h.Options("sh", "-c", "touch /etc/x 2>/dev/null && echo wrote-root; touch /tmp/y && echo wrote-tmp") with { ReadOnly = true });
        Assert.Equal("wrote-tmp\n", run.Stdout);
    }

    [Fact]
    public async Task TmpfsMountIsATmpfs()
    {
        ContainerRun run = await _h.RunAsync(_h.Options("sh", "-c", "grep ' /scratch ' /proc/mounts") with { Tmpfs = ["/scratch:size=1m"] });
        Assert.StartsWith("tmpfs /scratch tmpfs rw,nosuid,nodev,noexec", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("size=1024k", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryLimitIsVisibleInTheCgroup()
    {
        string file = CgroupLayout.Detect().IsUnified
            ? "/sys/fs/cgroup/memory.max"
            : "/sys/fs/cgroup/memory/memory.limit_in_bytes";
        ContainerRun run = await _h.RunAsync(_h.Options("cat", file) with { Memory = "64m" });
        Assert.Equal("67108864\n", run.Stdout);
    }

    [Fact]
    public async Task KillDeliversSignals()
    {
        var options = _h.Options("sh", "-c", "trap 'exit 42' TERM; echo ready; while true; do sleep 0.1; done");
        await _h.CreateAsync(options);
        using AttachConnection attach = AttachConnection.Connect(Path.Combine(_h.BundleFor(options.Id), "attach"));
        await _h.Commands.StartAsync(options.Id);
        (AttachStream stream, ReadOnlyMemory<byte> data) = (await attach.ReceiveAsync())!.Value;
        Assert.Equal("ready\n", System.Text.Encoding.UTF8.GetString(data.Span));
        Assert.Equal("running", (await _h.Commands.StateAsync(options.Id))!.Status);
        await _h.Commands.KillAsync(options.Id, "TERM");
        Assert.Equal(42, await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20)));
        await _h.Commands.DeleteAsync(options.Id, force: true);
        Assert.Null(await _h.Commands.StateAsync(options.Id));
    }

    [Fact]
    public async Task StartRunsTheProcessAndRuncSeesItRunning()
    {
        // vaina starts a runc container itself (through runc's exec fifo) rather than running `runc start`: runc must
        // then report it as running, and a second start must still get runc's own refusal.
        var options = _h.Options("sh", "-c", "echo started; sleep 100");
        await _h.CreateAsync(options);
        Assert.Equal("created", (await _h.Commands.StateAsync(options.Id))!.Status);
        using AttachConnection attach = AttachConnection.Connect(Path.Combine(_h.BundleFor(options.Id), "attach"));
        await _h.Commands.StartAsync(options.Id);
        Assert.Equal("running", (await _h.Commands.StateAsync(options.Id))!.Status);
        (AttachStream _, ReadOnlyMemory<byte> data) = (await attach.ReceiveAsync())!.Value;
        Assert.Equal("started\n", System.Text.Encoding.UTF8.GetString(data.Span));
        VainaException again = await Assert.ThrowsAnyAsync<VainaException>(() => _h.Commands.StartAsync(options.Id));
        Assert.Contains("running", again.Message, StringComparison.Ordinal);
        await _h.Commands.KillAsync(options.Id, "KILL");
        Assert.Equal(137, await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20)));
        await _h.Commands.DeleteAsync(options.Id, force: true);
        Assert.Null(await _h.Commands.StateAsync(options.Id));
    }

    [Fact]
    public async Task InitForwardsSignalsAndKillGives137()
    {
        var options = _h.Options("sleep", "100") with { Init = true };
        await _h.CreateAsync(options);
        await _h.Commands.StartAsync(options.Id);
        await _h.Commands.KillAsync(options.Id, "SIGKILL");
        Assert.Equal(137, await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20)));
        await _h.Commands.DeleteAsync(options.Id, force: true);

        options = _h.Options("sleep", "100") with { Init = true };
        await _h.CreateAsync(options);
        await _h.Commands.StartAsync(options.Id);
        await Task.Delay(300);
        await _h.Commands.KillAsync(options.Id, "15");
        Assert.Equal(143, await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20)));
        await _h.Commands.DeleteAsync(options.Id, force: true);
    }

    [Fact]
    public async Task ExecRunsInARunningContainer()
    {
        var options = _h.Options("sleep", "60");
        await _h.CreateAsync(options);
        await _h.Commands.StartAsync(options.Id);
        try
        {
            string sessions = Path.Combine(_h.BundleFor(options.Id), "exec");
            var detached = new ConmonExecOptions
            {
                ContainerId = options.Id,
                Name = "t",
                SessionId = "s1",
                SessionDirectory = Path.Combine(sessions, "s1"),
                Process = new Spec.SpecProcess { Args = ["sh", "-c", "exit 7"], Env = ["PATH=/bin"], Cwd = "/" },
            };
            using (ExecSession s = await _h.Launcher.StartExecAsync(detached))
            {
                Assert.True(s.Pid > 0);
                Assert.Equal(7, await s.WaitAsync());
                Assert.Equal(7, ExitFileWatcher.TryRead(s.ExitFile));
            }

            var attached = detached with
            {
                SessionId = "s2",
                SessionDirectory = Path.Combine(sessions, "s2"),
                Attach = true,
                Stdin = true,
                Process = new Spec.SpecProcess { Args = ["sh", "-c", "read x; echo got $x; echo oops >&2; exit 5"], Env = ["PATH=/bin"], Cwd = "/" },
            };
            using (ExecSession s = await _h.Launcher.StartExecAsync(attached))
            {
                var stdout = new MemoryStream();
                var stderr = new MemoryStream();
                await s.Attach!.RelayAsync(new MemoryStream("line\n"u8.ToArray()), stdout, stderr);
                Assert.Equal(5, await s.WaitAsync());
                Assert.Equal("got line\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
                Assert.Equal("oops\n", System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
            }

            VainaException e = await Assert.ThrowsAnyAsync<VainaException>(() => _h.Launcher.StartExecAsync(detached with
            {
                SessionId = "s3",
                SessionDirectory = Path.Combine(sessions, "s3"),
                Process = new Spec.SpecProcess { Args = ["nope"], Env = ["PATH=/bin"], Cwd = "/" },
            }));
            Assert.Equal(127, e.ExitCode);
        }
        finally
        {
            await _h.Commands.KillAsync(options.Id, "KILL");
            await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20));
            await _h.Commands.DeleteAsync(options.Id, force: true);
        }
    }

    [Fact]
    public async Task SeccompProfileBlocksSwapon()
    {
        // swapon needs CAP_SYS_ADMIN; with it, only the seccomp profile stands in the way (EPERM).
        ContainerRun run = await _h.RunAsync(_h.Options("swapon", "/etc/passwd") with { CapAdd = ["SYS_ADMIN"] });
        Assert.Contains("Operation not permitted", run.Stderr, StringComparison.Ordinal);

        run = await _h.RunAsync(_h.Options("swapon", "/etc/passwd") with { CapAdd = ["SYS_ADMIN"], SecurityOpts = ["seccomp=unconfined"] });
        Assert.DoesNotContain("Operation not permitted", run.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, run.ExitCode);
    }

    [Fact]
    public async Task TenContainersInParallel()
    {
        Task<ContainerRun>[] runs = Enumerable.Range(0, 10)
            .Select(i => Task.Run(() => _h.RunAsync("sh", "-c", $"echo n{i}; exit {i}")))
            .ToArray();
        ContainerRun[] results = await Task.WhenAll(runs);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(i, results[i].ExitCode);
            Assert.Equal($"n{i}\n", results[i].Stdout);
        }
    }

    [Fact]
    public async Task PauseResumeAndPs()
    {
        var options = _h.Options("sleep", "60");
        await _h.CreateAsync(options);
        await _h.Commands.StartAsync(options.Id);
        try
        {
            IReadOnlyList<int> pids = await _h.Commands.PsAsync(options.Id);
            Assert.Single(pids);
            await _h.Commands.PauseAsync(options.Id);
            Assert.Equal("paused", (await _h.Commands.StateAsync(options.Id))!.Status);
            await _h.Commands.ResumeAsync(options.Id);
            Assert.Equal("running", (await _h.Commands.StateAsync(options.Id))!.Status);
        }
        finally
        {
            await _h.Commands.KillAsync(options.Id, "KILL");
            await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20));
            await _h.Commands.DeleteAsync(options.Id, force: true);
        }
    }

    [Fact]
    public async Task TerminalGetsItsSizeFromTheCtlFifo()
    {
        var options = _h.Options("sh", "-c", "stty size; echo $TERM; test -t 0 && echo tty") with { Terminal = true };
        await _h.CreateAsync(options);
        string bundle = _h.BundleFor(options.Id);
        using AttachConnection attach = AttachConnection.Connect(Path.Combine(bundle, "attach"));
        TerminalControl.Resize(bundle, 33, 111);
        await Task.Delay(200);
        await _h.Commands.StartAsync(options.Id);
        var stdout = new MemoryStream();
        await attach.RelayAsync(null, stdout, stdout);
        Assert.Equal(0, await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal("33 111\r\nxterm\r\ntty\r\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.False(ConmonLauncher.WasOomKilled(bundle));
        await _h.Commands.DeleteAsync(options.Id, force: true);
    }

    [Fact]
    public async Task ExecProcessInheritsTheContainersSettings()
    {
        var options = _h.Options("sleep", "60") with { Environment = new EnvironmentOptions { Env = ["FROM_RUN=1"] } };
        await _h.CreateAsync(options);
        await _h.Commands.StartAsync(options.Id);
        try
        {
            Spec.RuntimeSpec spec = System.Text.Json.JsonSerializer.Deserialize(
                File.ReadAllText(Path.Combine(_h.BundleFor(options.Id), "config.json")), RuntimeJsonContext.Default.RuntimeSpec)!;
            Spec.SpecProcess process = ExecProcessBuilder.Build(spec.Process!, _h.Rootfs, new ExecProcessOptions
            {
                Command = ["sh", "-c", "echo $FROM_RUN $EXTRA; id -u; pwd"],
                Env = ["EXTRA=2"],
                User = "tester",
                WorkingDir = "/tmp",
            });
            using ExecSession s = await _h.Launcher.StartExecAsync(new ConmonExecOptions
            {
                ContainerId = options.Id,
                Name = "t",
                SessionId = "e1",
                SessionDirectory = Path.Combine(_h.BundleFor(options.Id), "exec", "e1"),
                Process = process,
                Attach = true,
            });
            var stdout = new MemoryStream();
            await s.Attach!.RelayAsync(null, stdout, null);
            Assert.Equal(0, await s.WaitAsync());
            Assert.Equal("1 2\n1000\n/tmp\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        }
        finally
        {
            await _h.Commands.KillAsync(options.Id, "KILL");
            await ExitFileWatcher.WaitAsync(Path.Combine(_h.ExitDir, options.Id), timeout: TimeSpan.FromSeconds(20));
            await _h.Commands.DeleteAsync(options.Id, force: true);
        }
    }
}
