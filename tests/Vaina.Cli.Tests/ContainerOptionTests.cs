using System.Net.Http;

namespace Vaina.Cli.Tests;

/// <summary>-P with the image's EXPOSE, --log-opt max-size/tag, --platform, and the terminal (detach keys, SIGWINCH).</summary>
public sealed class ContainerOptionTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    [Fact]
    public void BadUlimitShmSizeAndSwapAreRefusedAtCreateWithPodmansWords()
    {
        (string[] Args, string Error)[] cases =
        [
            (["--ulimit", "x"], "ulimit option \"x\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit argument: x"),
            (["--ulimit", "foo=1"], "ulimit option \"foo=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: foo"),
            (["--ulimit", "nofile=5:2"], "ulimit option \"nofile=5:2\" requires name=SOFT:HARD, failed to be parsed: ulimit soft limit must be less than or equal to hard limit: 5 > 2"),
            (["--shm-size", "x"], "unable to translate --shm-size: invalid size: 'x'"),
            (["--memory", "10m", "--memory-swap", "x"], "invalid value for memory: invalid size: 'x'"),
        ];
        foreach (var (args, error) in cases)
        {
            var refused = _host.Run(["create", .. args, _host.Image]);
            Assert.Equal(125, refused.ExitCode);
            Assert.Equal($"Error: {error}\n", refused.Stderr);
        }

        // Refused before anything was made.
        Assert.Equal(string.Empty, _host.Run("ps", "-aq").Stdout);
    }

    public void Dispose() => _host.Dispose();

    private string Registry => _host.Image[.._host.Image.IndexOf('/', StringComparison.Ordinal)];

    [Fact]
    public async Task PublishAllUsesImageExposeAndExpose()
    {
        var id = _host.Run("run", "-d", "--tls-verify=false", "--name", "web", "-P", "--expose", "8080", Registry + "/withvolume:latest", "httpd -f -p 80 -h /etc").Stdout.Trim();
        var lines = _host.Run("port", "web").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^80/tcp -> 0\.0\.0\.0:\d+$", lines[0]);
        Assert.Matches(@"^8080/tcp -> 0\.0\.0\.0:\d+$", lines[1]);
        var hostPort = lines[0][(lines[0].LastIndexOf(':') + 1)..];
        Assert.Equal("0.0.0.0:" + hostPort, _host.Run("port", "web", "80").Stdout.Trim());
        Assert.Contains($"0.0.0.0:{hostPort}->80/tcp", _host.Run("ps", "--format", "{{.Ports}}").Stdout);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        for (var attempt = 0; attempt < 30 && body is null; attempt++)
        {
            try
            {
                body = await client.GetStringAsync($"http://127.0.0.1:{hostPort}/hostname");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal(id[..12] + "\n", body);

        // The image's HEALTHCHECK applies too (its first run comes right after the start).
        Assert.Equal("[CMD-SHELL test -d /data] 30000000000", _host.Inspect("web", "{{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}}"));
        ContainerTestHost.WaitFor(() => _host.Inspect("web", "{{.State.Health.Status}}") == "healthy", "the image's healthcheck", 15);
        var noCheck = _host.Run("create", "--tls-verify=false", "--no-healthcheck", Registry + "/withvolume:latest").Stdout.Trim();
        Assert.Equal("[NONE]", _host.Inspect(noCheck, "{{.Config.Healthcheck.Test}}"));
    }

    [Fact]
    public void LogOptMaxSizeAndTag()
    {
        var run = _host.Run("run", "--name", "chatty", "--log-opt", "max-size=10k", "--log-opt", "tag={{.Name}}-log", _host.Image,
            "sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line-$i-padding-padding; i=$((i+1)); done");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("line-2999-padding-padding", run.Stdout);
        Assert.Equal("10kB {{.Name}}-log", _host.Inspect("chatty", "{{.HostConfig.LogConfig.Size}} {{.HostConfig.LogConfig.Tag}}"));
        var logPath = Path.Combine(_host.Root, "containers", _host.Inspect("chatty", "{{.Id}}"), "ctr.log");
        Assert.InRange(new FileInfo(logPath).Length, 1, 10_000 + 200);
        var logs = _host.Run("logs", "chatty").Stdout;
        Assert.EndsWith("line-2999-padding-padding\n", logs);
        Assert.DoesNotContain("line-0-padding", logs);

        var bad = _host.Run("create", "--log-opt", "max-size=lots", _host.Image);
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: invalid size: 'lots'\n", bad.Stderr);
    }

    [Fact]
    public void BlkioWeightIsDroppedWithPodmansWarningWithoutKernelSupport()
    {
        var supported = File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split(' ', '\n').Contains("io")
            : File.Exists("/sys/fs/cgroup/blkio/blkio.weight") || File.Exists("/sys/fs/cgroup/blkio/blkio.bfq.weight");
        var created = _host.Run("create", "--name", "weighted", "--blkio-weight", "300", _host.Image, "true");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal(supported ? string.Empty : "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.\n", created.Stderr);
        Assert.Equal(supported ? "300" : "0", _host.Inspect("weighted", "{{.HostConfig.BlkioWeight}}"));
        Assert.Equal(0, _host.Run("start", "-a", "weighted").ExitCode);

        Assert.Equal("Error: invalid value for blkio-weight: strconv.ParseUint: parsing \"x\": invalid syntax\n", _host.Run("create", "--blkio-weight", "x", _host.Image).Stderr);
        Assert.Equal("Error: invalid value for blkio-weight: strconv.ParseUint: parsing \"70000\": value out of range\n", _host.Run("create", "--blkio-weight", "70000", _host.Image).Stderr);
    }

    [Fact]
    public void CpuPeriodQuotaAndSwappinessReachTheCgroup()
    {
        // cgroup v2 has no swappiness knob (runc refuses it there), so v2 checks cpu.max only.
        var v2 = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        var run = v2
            ? _host.Run("run", "--name", "cfs", "--cpu-period", "50000", "--cpu-quota", "25000", _host.Image, "cat", "/sys/fs/cgroup/cpu.max")
            : _host.Run("run", "--name", "cfs", "--cpu-period", "50000", "--cpu-quota", "25000", "--memory-swappiness", "10", _host.Image,
                "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us", "/sys/fs/cgroup/memory/memory.swappiness");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(v2 ? "25000 50000\n" : "25000\n50000\n10\n", run.Stdout);
        Assert.Equal(v2 ? "50000 25000 0" : "50000 25000 10", _host.Inspect("cfs", "{{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}} {{.HostConfig.MemorySwappiness}}"));

        Assert.Equal("Error: --cpu-period and --cpus cannot be set together\n", _host.Run("create", "--cpus", "1", "--cpu-period", "50000", _host.Image).Stderr);
        Assert.Equal("Error: --cpu-quota and --cpus cannot be set together\n", _host.Run("create", "--cpus", "1", "--cpu-quota", "5000", _host.Image).Stderr);
        Assert.Equal("Error: invalid value: 101, valid memory swappiness range is 0-100\n", _host.Run("create", "--memory-swappiness", "101", _host.Image).Stderr);
    }

    [Fact]
    public void HttpProxyVariablesAreCopiedUnlessDisabled()
    {
        var env = new Dictionary<string, string> { ["http_proxy"] = "http://proxy.example:3128", ["NO_PROXY"] = "localhost" };
        string Proxies(params string[] flags)
            => VainaBinary.Run([.. _host.Globals, "run", "--rm", .. flags, _host.Image, "sh", "-c", "env | grep -E '^(http_proxy|NO_PROXY)=' | sort"], null, env).Stdout;

        Assert.Equal("NO_PROXY=localhost\nhttp_proxy=http://proxy.example:3128\n", Proxies());
        Assert.Equal("NO_PROXY=localhost\nhttp_proxy=http://override:1\n", Proxies("-e", "http_proxy=http://override:1"));
        Assert.Equal(string.Empty, Proxies("--http-proxy=false"));
    }

    [Fact]
    public void PlatformSelectsTheImageToPull()
    {
        var image = Registry + "/multiarch:latest";
        var arm = _host.Run("create", "--tls-verify=false", "-q", "--platform", "linux/arm64", image).Stdout.Trim();
        var armImage = _host.Inspect(arm, "{{.Image}}");
        Assert.Equal("arm64", _host.Run("image", "inspect", "--format", "{{.Architecture}}", armImage).Stdout.Trim());

        var amd = _host.Run("run", "--rm", "--tls-verify=false", "-q", "--platform", "linux/amd64", image);
        Assert.Equal(0, amd.ExitCode);
        Assert.Equal("amd64\n", amd.Stdout);
    }

    [Fact]
    public void TerminalResizesAndDetachesWithCtrlPCtrlQ()
    {
        var (code, output) = _host.RunInPty(
            """
            if state['step'] == 1 and b'# ' in out:
                os.write(fd, b'stty size\r')
                state['step'] = 2
            elif state['step'] == 2 and b'30 100' in out:
                winsize(42, 132)
                time.sleep(0.5)
                os.write(fd, b'stty size\r')
                state['step'] = 3
            elif state['step'] == 3 and b'42 132' in out:
                os.write(fd, b'\x10\x11')
                state['step'] = 4
            """,
            (30, 100),
            "run", "-it", "--name", "term", _host.Image, "sh");
        Assert.True(code == 0, output);
        Assert.Contains("30 100", output);
        Assert.Contains("42 132", output);

        // Detached, not stopped: the shell still runs and can be attached again later.
        Assert.Equal("running", _host.Inspect("term", "{{.State.Status}}"));
    }
}
