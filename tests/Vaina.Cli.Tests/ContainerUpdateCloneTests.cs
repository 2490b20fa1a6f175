namespace Vaina.Cli.Tests;

/// <summary>`update` (runc update + the stored config), `container clone`, and the block IO throttle flags of run/create.</summary>
public sealed class ContainerUpdateCloneTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose()
    {
        // Pods own cgroups outside the test's root.
        _host.Run("pod", "rm", "-a", "-f", "-t", "0");
        _host.Dispose();
    }

    /// <summary>A whole disk of this machine (/sys/block lists no partitions), as /dev/NAME and MAJOR:MINOR.</summary>
    private static (string Path, string Number) Disk()
    {
        var disks = Directory.GetDirectories("/sys/block").Select(Path.GetFileName).OfType<string>()
            .Where(n => File.Exists("/dev/" + n) && File.Exists($"/sys/block/{n}/dev"))
            .OrderBy(n => n.StartsWith("loop", StringComparison.Ordinal) || n.StartsWith("zram", StringComparison.Ordinal) || n.StartsWith("ram", StringComparison.Ordinal))
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(disks);
        return ("/dev/" + disks[0], File.ReadAllText($"/sys/block/{disks[0]}/dev").Trim());
    }

    private string Cgroup(string container, string file) => _host.Run("exec", container, "cat", "/sys/fs/cgroup/" + file).Stdout.Trim();

    [Fact]
    public void UpdateRunningContainerAppliesAtOnceAndKeepsAcrossRestart()
    {
        var (disk, number) = Disk();
        var id = _host.Run("run", "-d", "--name", "up", "--memory", "128m", _host.Image, "sleep", "1000").Stdout.Trim();
        Assert.Equal("134217728", Cgroup("up", "memory/memory.limit_in_bytes"));

        var update = _host.Run("update", "--cpus", "1.5", "--memory", "64m", "--pids-limit", "50", "--cpu-shares", "512",
            "--device-read-bps", disk + ":1mb", "--device-write-iops", disk + ":100", "up");
        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Equal(id, update.Stdout.Trim());

        void AssertLimits()
        {
            Assert.Equal("67108864", Cgroup("up", "memory/memory.limit_in_bytes"));
            Assert.Equal("150000", Cgroup("up", "cpu/cpu.cfs_quota_us"));
            Assert.Equal("512", Cgroup("up", "cpu/cpu.shares"));
            Assert.Equal("50", Cgroup("up", "pids/pids.max"));
            Assert.Equal(number + " 1048576", Cgroup("up", "blkio/blkio.throttle.read_bps_device"));
            Assert.Equal(number + " 100", Cgroup("up", "blkio/blkio.throttle.write_iops_device"));
            Assert.Equal("67108864 1500000000 100000 150000 50 512", _host.Inspect("up", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}} {{.HostConfig.PidsLimit}} {{.HostConfig.CpuShares}}"));
            Assert.Equal($"[{{\"Path\":\"{disk}\",\"Rate\":1048576}}] [{{\"Path\":\"{disk}\",\"Rate\":100}}]", _host.Inspect("up", "{{json .HostConfig.BlkioDeviceReadBps}} {{json .HostConfig.BlkioDeviceWriteIOps}}"));
        }

        AssertLimits();

        // A device given again takes its new rate.
        Assert.Equal(0, _host.Run("update", "--device-read-bps", disk + ":2mb", "up").ExitCode);
        Assert.Equal(number + " 2097152", Cgroup("up", "blkio/blkio.throttle.read_bps_device"));
        Assert.Equal(0, _host.Run("update", "--device-read-bps", disk + ":1mb", "up").ExitCode);

        // The new values are the container's from now on: a restart keeps them.
        Assert.Equal(0, _host.Run("restart", "-t", "0", "up").ExitCode);
        AssertLimits();

        // A stopped container takes the change at its next start.
        Assert.Equal(0, _host.Run("stop", "-t", "0", "up").ExitCode);
        Assert.Equal(id, _host.Run("update", "--memory", "96m", "--cpu-quota", "20000", "--cpu-period", "100000", "up").Stdout.Trim());
        Assert.Equal(0, _host.Run("start", "up").ExitCode);
        Assert.Equal("100663296", Cgroup("up", "memory/memory.limit_in_bytes"));
        Assert.Equal("20000", Cgroup("up", "cpu/cpu.cfs_quota_us"));
        Assert.Equal("200000000 20000 100000", _host.Inspect("up", "{{.HostConfig.NanoCpus}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}}"));
    }

    [Fact]
    public void UpdateRefusesBadValuesAndChangesNothing()
    {
        Assert.Equal(0, _host.Run("run", "-d", "--name", "bad", "--memory", "64m", _host.Image, "sleep", "1000").ExitCode);
        void Refused(string error, params string[] args)
        {
            var r = _host.Run(["update", .. args]);
            Assert.Equal(125, r.ExitCode);
            Assert.Equal("Error: " + error, r.Stderr.Trim());
        }

        Refused("invalid value for memory: invalid size: '12x'", "--memory", "12x", "bad");
        Refused("invalid value for cpus: -1 must be a positive number", "--cpus", "-1", "bad");
        Refused("no container with name or ID \"nosuch\" found: no such container", "--memory", "32m", "nosuch");
        Refused("accepts 1 arg(s), received 0", "--memory", "32m");
        Refused("accepts 1 arg(s), received 2", "--memory", "32m", "bad", "bad");
        Refused("minimum memoryswap limit should be larger than memory limit, see usage", "--memory", "32m", "--memory-swap", "16m", "bad");
        Refused("--cpu-quota and --cpus cannot be set together", "--cpus", "1", "--cpu-quota", "5000", "bad");
        Refused("could not parse throttle device at /dev/nosuch: no such file or directory", "--device-read-bps", "/dev/nosuch:1mb", "bad");
        Assert.Equal("67108864", Cgroup("bad", "memory/memory.limit_in_bytes"));
        Assert.Equal("67108864", _host.Inspect("bad", "{{.HostConfig.Memory}}"));

        // A value the kernel refuses (a real-time runtime above the parent cgroup's 0) fails in runc and is not kept.
        Assert.Equal(0, _host.Run("update", "--cpu-rt-period", "500000", "bad").ExitCode);
        Assert.Equal("500000", Cgroup("bad", "cpu/cpu.rt_period_us"));
        var refused = _host.Run("update", "--cpu-rt-runtime", "1000", "bad");
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("cpu.rt_runtime_us: invalid argument", refused.Stderr);
        Assert.Equal("500000 0", _host.Inspect("bad", "{{.HostConfig.CpuRealtimePeriod}} {{.HostConfig.CpuRealtimeRuntime}}"));
    }

    [Fact]
    public void BlockIoThrottleFlagsOnRun()
    {
        var (disk, number) = Disk();
        var run = _host.Run("run", "--rm", "--device-read-bps", disk + ":1mb", "--device-write-bps", disk + ":2m", "--device-read-iops", disk + ":200",
            "--device-write-iops", disk + ":100", _host.Image, "sh", "-c",
            "cd /sys/fs/cgroup/blkio && cat blkio.throttle.read_bps_device blkio.throttle.write_bps_device blkio.throttle.read_iops_device blkio.throttle.write_iops_device");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"{number} 1048576\n{number} 2097152\n{number} 200\n{number} 100\n", run.Stdout);

        var id = _host.Run("create", "--device-read-bps", disk + ":1mb", "--device-write-bps", disk + ":2m", "--device-read-iops", disk + ":200", "--device-write-iops", disk + ":100", _host.Image, "true").Stdout.Trim();
        Assert.Equal(
            $"[{{\"Path\":\"{disk}\",\"Rate\":1048576}}] [{{\"Path\":\"{disk}\",\"Rate\":2097152}}] [{{\"Path\":\"{disk}\",\"Rate\":200}}] [{{\"Path\":\"{disk}\",\"Rate\":100}}] null",
            _host.Inspect(id, "{{json .HostConfig.BlkioDeviceReadBps}} {{json .HostConfig.BlkioDeviceWriteBps}} {{json .HostConfig.BlkioDeviceReadIOps}} {{json .HostConfig.BlkioDeviceWriteIOps}} {{json .HostConfig.BlkioWeightDevice}}"));

        // Podman's (containers/common's) errors, at create.
        void Refused(string error, params string[] flags)
        {
            var r = _host.Run(["create", .. flags, _host.Image, "true"]);
            Assert.Equal(125, r.ExitCode);
            Assert.Equal("Error: " + error, r.Stderr.Trim());
        }

        Refused("could not parse throttle device at /dev/nosuch: no such file or directory", "--device-read-bps", "/dev/nosuch:1mb");
        Refused($"invalid rate for device: {disk}:1x. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb", "--device-read-bps", disk + ":1x");
        Refused($"invalid rate for device: {disk}:1mb. The correct format is <device-path>:<number>. Number must be a positive integer", "--device-read-iops", disk + ":1mb");
        Refused("bad format for device path: /tmp:1mb", "--device-write-bps", "/tmp:1mb");
        Refused($"bad format: {disk}", "--device-write-iops", disk);
        Refused($"invalid weight for device: {disk}:5", "--blkio-weight-device", disk + ":5");
        Refused("failed to inspect '/dev/nosuch' in --blkio-weight-device: no such file or directory", "--blkio-weight-device", "/dev/nosuch:300");

        // A weight per device needs CFQ's or BFQ's weight_device; where the kernel has neither, Podman's warning and no weight.
        var weighted = _host.Run("create", "--blkio-weight-device", disk + ":300", _host.Image, "true");
        Assert.Equal(0, weighted.ExitCode);
        if (!File.Exists("/sys/fs/cgroup/blkio/blkio.weight_device") && !File.Exists("/sys/fs/cgroup/blkio/blkio.bfq.weight_device"))
        {
            Assert.Contains("Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.", weighted.Stderr);
            Assert.Equal("null", _host.Inspect(weighted.Stdout.Trim(), "{{json .HostConfig.BlkioWeightDevice}}"));
        }
        else
        {
            Assert.Equal($"[{{\"Path\":\"{disk}\",\"Weight\":300}}]", _host.Inspect(weighted.Stdout.Trim(), "{{json .HostConfig.BlkioWeightDevice}}"));
        }
    }

    [Fact]
    public void CloneCopiesTheConfigAndAppliesItsFlags()
    {
        var orig = _host.Run("create", "--name", "orig", "-e", "FOO=bar", "--memory", "64m", "--label", "a=b", "-w", "/tmp", "--stop-timeout", "7", _host.Image, "sh", "-c", "echo $FOO; pwd; sleep 1000").Stdout.Trim();
        var first = _host.Run("container", "clone", "orig");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Matches("^[0-9a-f]{64}$", first.Stdout.Trim());
        Assert.NotEqual(orig, first.Stdout.Trim());
        Assert.Equal(first.Stdout.Trim(), _host.Inspect("orig-clone", "{{.Id}}"));
        Assert.Equal(0, _host.Run("container", "clone", "orig").ExitCode);
        Assert.Equal("orig-clone1", _host.Inspect("orig-clone1", "{{.Name}}"));

        const string Format = "{{.Config.Env}} {{.HostConfig.Memory}} {{.Config.Labels.a}} {{.Config.WorkingDir}} {{.Config.Cmd}} {{.Config.StopTimeout}} {{.ImageName}}";
        Assert.Equal(_host.Inspect("orig", Format), _host.Inspect("orig-clone", Format));
        Assert.Equal(_host.Inspect("orig", "{{.Config.CreateCommand}}"), _host.Inspect("orig-clone", "{{.Config.CreateCommand}}"));

        // Resource flags, a name and another image; --run starts the clone.
        Assert.Equal(0, _host.Run("tag", _host.Image, "localhost/other:img").ExitCode);
        var run = _host.Run("container", "clone", "--run", "--memory", "32m", "--cpus", "0.5", "orig", "small", "localhost/other:img");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("running localhost/other:img 33554432", _host.Inspect("small", "{{.State.Status}} {{.ImageName}} {{.HostConfig.Memory}}"));
        Assert.Equal("33554432", Cgroup("small", "memory/memory.limit_in_bytes"));
        Assert.Equal("50000", Cgroup("small", "cpu/cpu.cfs_quota_us"));
        Assert.Equal("bar\n/tmp\n", _host.Run("logs", "small").Stdout);

        // --destroy of a running container needs --force; nothing is made when it is refused.
        var refused = _host.Run("container", "clone", "--destroy", "small", "small2");
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("running or paused containers cannot be removed without force: container state improper", refused.Stderr);
        Assert.NotEqual(0, _host.Run("container", "exists", "small2").ExitCode);
        var forceOnly = _host.Run("container", "clone", "-f", "small");
        Assert.Equal("Error: cannot set --force without --destroy: invalid argument", forceOnly.Stderr.Trim());

        var moved = _host.Run("container", "clone", "--destroy", "--force", "--name", "moved", "small");
        Assert.True(moved.ExitCode == 0, moved.Stderr);
        Assert.NotEqual(0, _host.Run("container", "exists", "small").ExitCode);
        Assert.Equal("created 33554432", _host.Inspect("moved", "{{.State.Status}} {{.HostConfig.Memory}}"));

        // A pod member's clone stays in its pod, or moves with --pod (leaving the old infra's namespaces).
        Assert.Equal(0, _host.Run("pod", "create", "--name", "first").ExitCode);
        Assert.Equal(0, _host.Run("pod", "create", "--name", "second").ExitCode);
        Assert.Equal(0, _host.Run("create", "--pod", "first", "--name", "member", _host.Image, "sleep", "1000").ExitCode);
        Assert.Equal(0, _host.Run("container", "clone", "--run", "member", "same").ExitCode);
        Assert.Equal(0, _host.Run("container", "clone", "--run", "--pod", "second", "member", "moved-pod").ExitCode);
        Assert.Equal("first running", _host.Run("ps", "--pod", "--filter", "name=^same$", "--format", "{{.PodName}} {{.State}}").Stdout.Trim());
        Assert.Equal("second running", _host.Run("ps", "--pod", "--filter", "name=^moved-pod$", "--format", "{{.PodName}} {{.State}}").Stdout.Trim());

        Assert.Equal("Error: accepts between 1 and 3 arg(s), received 4", _host.Run("container", "clone", "a", "b", "c", "d").Stderr.Trim());
        Assert.Contains("already in use", _host.Run("container", "clone", "orig", "orig").Stderr);
        Assert.Equal("Error: no container with name or ID \"nosuch\" found: no such container", _host.Run("container", "clone", "nosuch").Stderr.Trim());
    }
}
