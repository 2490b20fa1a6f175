using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>
/// cgroups of pods with real runc: --cgroupns of containers, a pod's shared cgroup namespace, the pod's own
/// cgroup (cgroupfs: /libpod_parent/POD-ID) with the limits written on it so that they bound all members
/// together, its removal with the pod, `pod clone` with create's options, and Podman 4.3.1's inspect keys.
/// </summary>
public sealed class PodCgroupTests : IDisposable
{
    private static readonly bool Unified = File.Exists("/sys/fs/cgroup/cgroup.controllers");

    private readonly ContainerTestHost _host = new();

    public void Dispose()
    {
        _host.Run("pod", "rm", "-a", "-f", "-t", "0");
        _host.Dispose();
    }

    private static string HostCgroupNamespace => new FileInfo("/proc/self/ns/cgroup").LinkTarget!;

    private string NamespaceOf(string container)
    {
        var exec = _host.Run("exec", container, "readlink", "/proc/self/ns/cgroup");
        Assert.True(exec.ExitCode == 0, exec.Stderr);
        return exec.Stdout.Trim();
    }

    [Fact]
    public void CgroupnsHostPrivateContainerAndItsErrors()
    {
        var host = _host.Run("run", "--rm", "--cgroupns", "host", _host.Image, "readlink", "/proc/self/ns/cgroup");
        Assert.True(host.ExitCode == 0, host.Stderr);
        Assert.Equal(HostCgroupNamespace, host.Stdout.Trim());

        Assert.Equal(0, _host.Run("run", "-d", "--name", "own", "--cgroupns", "private", _host.Image, "sleep", "100").ExitCode);
        Assert.Equal(0, _host.Run("run", "-d", "--name", "joined", "--cgroupns", "container:own", _host.Image, "sleep", "100").ExitCode);
        Assert.NotEqual(HostCgroupNamespace, NamespaceOf("own"));
        Assert.Equal(NamespaceOf("own"), NamespaceOf("joined"));

        // In its own namespace the container's cgroup is its root.
        Assert.Contains(":/\n", _host.Run("exec", "own", "cat", "/proc/self/cgroup").Stdout);
        var ownId = _host.Inspect("own", "{{.Id}}");
        Assert.Equal("private", _host.Inspect("own", "{{.HostConfig.CgroupMode}}"));
        Assert.Equal("container:" + ownId, _host.Inspect("joined", "{{.HostConfig.CgroupMode}}"));
        // Podman's default: private on cgroup v2, the host's on v1.
        Assert.Equal(0, _host.Run("create", "--name", "default", _host.Image).ExitCode);
        Assert.Equal(Unified ? "private" : "host", _host.Inspect("default", "{{.HostConfig.CgroupMode}}"));

        Assert.Equal("Error: unrecognized namespace mode bogus passed\n", _host.Run("create", "--cgroupns", "bogus", _host.Image).Stderr);
        Assert.Equal("Error: invalid config provided: namespace mode path requires a value\n", _host.Run("create", "--cgroupns", "ns:", _host.Image).Stderr);
        var missing = _host.Run("create", "--cgroupns", "container:nope", _host.Image);
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: looking up container to share cgroup namespace with: no container with name or ID \"nope\" found: no such container\n", missing.Stderr);
    }

    [Fact]
    public void MembersOfAPodSharingCgroupJoinTheInfrasNamespace()
    {
        var refused = _host.Run("pod", "create", "--share", "+cgroup");
        Assert.Equal(125, refused.ExitCode);
        Assert.Equal("Error: cannot define the pod as the cgroup parent at the same time as joining the infra container's cgroupNS: invalid argument\n", refused.Stderr);

        Assert.Equal(0, _host.Run("pod", "create", "--name", "cg", "--share", "+cgroup", "--share-parent=false").ExitCode);
        Assert.Equal(0, _host.Run("run", "-d", "--pod", "cg", "--name", "m1", _host.Image, "sleep", "100").ExitCode);
        Assert.Equal(0, _host.Run("run", "-d", "--pod", "cg", "--name", "m2", _host.Image, "sleep", "100").ExitCode);
        Assert.Equal(NamespaceOf("m1"), NamespaceOf("m2"));
        Assert.NotEqual(HostCgroupNamespace, NamespaceOf("m1"));
        var infra = _host.Run("pod", "inspect", "--format", "{{.InfraContainerID}}", "cg").Stdout.Trim();
        Assert.Equal("container:" + infra, _host.Inspect("m1", "{{.HostConfig.CgroupMode}}"));
        Assert.Equal("false [cgroup ipc net uts]", _host.Run("pod", "inspect", "--format", "{{.CreateCgroup}} {{.SharedNamespaces}}", "cg").Stdout.Trim());

        // Without sharing it, each member's own cgroup namespace is its own.
        Assert.Equal(0, _host.Run("pod", "create", "--name", "nocg").ExitCode);
        Assert.Equal(0, _host.Run("run", "-d", "--pod", "nocg", "--cgroupns", "private", "--name", "n1", _host.Image, "sleep", "100").ExitCode);
        Assert.Equal(0, _host.Run("run", "-d", "--pod", "nocg", "--cgroupns", "private", "--name", "n2", _host.Image, "sleep", "100").ExitCode);
        Assert.NotEqual(NamespaceOf("n1"), NamespaceOf("n2"));
    }

    [Fact]
    public void PodLimitsAreWrittenOnThePodsCgroupAndBoundEveryMember()
    {
        var device = Directory.GetDirectories("/sys/block").Select(d => "/dev/" + Path.GetFileName(d)).First(File.Exists);
        var created = _host.Run("pod", "create", "--name", "lim", "--memory", "64m", "--cpus", "0.5", "--cpu-shares", "512", "--cpuset-cpus", "0",
            "--device-read-bps", device + ":1mb", "--label", "x=y");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var podId = created.Stdout.Trim();
        var cgroup = "/libpod_parent/" + podId;
        Assert.Equal($"true /libpod_parent {cgroup}", _host.Run("pod", "inspect", "--format", "{{.CreateCgroup}} {{.CgroupParent}} {{.CgroupPath}}", "lim").Stdout.Trim());
        Assert.Equal("67108864 134217728 100000 50000 512 0", _host.Run("pod", "inspect", "--format", "{{.MemoryLimit}} {{.MemorySwap}} {{.CPUPeriod}} {{.CPUQuota}} {{.CPUShares}} {{.CPUSetCPUs}}", "lim").Stdout.Trim());

        // The limits are on the pod's cgroup, once (already at create, as Podman).
        Assert.Equal("67108864", ReadCgroup(cgroup, "memory", "memory.limit_in_bytes", "memory.max"));
        Assert.Equal(Unified ? "50000 100000" : "50000", ReadCgroup(cgroup, "cpu", "cpu.cfs_quota_us", "cpu.max"));
        Assert.Equal("0", ReadCgroup(cgroup, "cpuset", "cpuset.cpus", "cpuset.cpus"));

        Assert.Equal(0, _host.Run("run", "-d", "--pod", "lim", "--name", "a", _host.Image, "sleep", "100").ExitCode);
        Assert.Equal(0, _host.Run("run", "-d", "--pod", "lim", "--name", "b", _host.Image, "sleep", "100").ExitCode);
        foreach (var member in new[] { "a", "b" })
        {
            // The members are below the pod's cgroup and have no limit of their own: the pod's is their total.
            Assert.Equal($"{cgroup} 0 0", _host.Inspect(member, "{{.HostConfig.CgroupParent}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"));
            var pid = _host.Inspect(member, "{{.State.Pid}}");
            Assert.Contains(File.ReadAllLines($"/proc/{pid}/cgroup"), l => l.Contains(":" + cgroup + "/libpod-", StringComparison.Ordinal));
            if (!Unified)
            {
                var stat = _host.Run("exec", member, "grep", "^hierarchical_memory_limit", "/sys/fs/cgroup/memory/memory.stat");
                Assert.Equal("hierarchical_memory_limit 67108864\n", stat.Stdout);
            }
        }

        // pod clone takes create's options: the copy's own cgroup gets its limit.
        var clone = _host.Run("pod", "clone", "--memory", "32m", "--infra-name", "clone-infra", "--label", "z=w", "lim", "lim2");
        Assert.True(clone.ExitCode == 0, clone.Stderr);
        var cloneId = clone.Stdout.Trim();
        Assert.Equal("33554432", ReadCgroup("/libpod_parent/" + cloneId, "memory", "memory.limit_in_bytes", "memory.max"));
        Assert.Equal("50000", _host.Run("pod", "inspect", "--format", "{{.CPUQuota}}", "lim2").Stdout.Trim());
        Assert.Equal("map[x:y z:w]", _host.Run("pod", "inspect", "--format", "{{.Labels}}", "lim2").Stdout.Trim());
        Assert.Equal(cloneId, _host.Inspect("clone-infra", "{{.Pod}}"));
        Assert.Equal(0, _host.Run("pod", "start", "lim2").ExitCode);
        if (!Unified)
        {
            Assert.Equal("hierarchical_memory_limit 33554432\n", _host.Run("exec", "a-clone", "grep", "^hierarchical_memory_limit", "/sys/fs/cgroup/memory/memory.stat").Stdout);
        }

        // The pod's cgroup goes with the pod.
        Assert.Equal(0, _host.Run("pod", "rm", "-f", "-t", "0", "lim").ExitCode);
        Assert.Equal(0, _host.Run("pod", "rm", "-f", "-t", "0", "lim2").ExitCode);
        Assert.DoesNotContain(Directory.GetDirectories("/sys/fs/cgroup"), h => Directory.Exists(h + cgroup) || Directory.Exists(h + "/libpod_parent/" + cloneId));
        Assert.False(Directory.Exists("/sys/fs/cgroup" + cgroup));

        // A limit the kernel refuses fails the create, leaving no pod and no cgroup behind.
        var refused = _host.Run("pod", "create", "--name", "bad", "--memory-swap", "10m");
        Assert.Equal(125, refused.ExitCode);
        Assert.StartsWith("Error: failed to write \"", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, _host.Run("pod", "exists", "bad").ExitCode);
        var rate = _host.Run("pod", "create", "--device-read-bps", device + ":x");
        Assert.Equal($"Error: invalid rate for device: {device}:x. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb\n", rate.Stderr);

        // The container flags' parser and Podman's words (pod create says the same as run).
        Assert.Equal("Error: could not parse throttle device at /dev/nosuch: no such file or directory\n", _host.Run("pod", "create", "--device-write-bps", "/dev/nosuch:1mb").Stderr);
        Assert.Equal("Error: failed to inspect '/dev/nosuch' in --blkio-weight-device: no such file or directory\n", _host.Run("pod", "create", "--blkio-weight-device", "/dev/nosuch:100").Stderr);
        Assert.Equal("Error: bad format for device path: sda:1mb\n", _host.Run("pod", "create", "--device-read-bps", "sda:1mb").Stderr);
        Assert.Equal($"Error: invalid weight for device: {device}:5\n", _host.Run("pod", "create", "--blkio-weight-device", device + ":5").Stderr);
    }

    [Fact]
    public void PodInspectHasPodmansKeys()
    {
        var device = Directory.GetDirectories("/sys/block").Select(d => "/dev/" + Path.GetFileName(d)).First(File.Exists);
        Assert.Equal(0, _host.Run("create", "--name", "vols", _host.Image).ExitCode);
        var created = _host.Run("pod", "create", "--name", "full", "--cpus", "1.5", "--memory", "64m", "--memory-swap", "128m", "--cpuset-cpus", "0", "--cpuset-mems", "0",
            "--cpu-shares", "512", "--device-read-bps", device + ":1mb", "--device-write-bps", device + ":2mb", "--label", "a=b",
            "-v", _host.Dir + ":/hosttmp", "--volumes-from", "vols", "--security-opt", "label=disable", "--sysctl", "net.ipv4.ip_forward=1", "--shm-size", "1m",
            "--device", "/dev/null:/dev/mynull", "--infra-conmon-pidfile", Path.Combine(_host.Dir, "infra-conmon.pid"));
        Assert.True(created.ExitCode == 0, created.Stderr);

        // The keys of Podman 4.3.1's `pod inspect` for the same command (blkio weight left out: not every disk scheduler has one).
        var inspect = JsonDocument.Parse(_host.Run("pod", "inspect", "full").Stdout).RootElement;
        Assert.Equal(
            ["Id", "Name", "Created", "CreateCommand", "ExitPolicy", "State", "Hostname", "Labels", "CreateCgroup", "CgroupParent", "CgroupPath", "CreateInfra",
             "InfraContainerID", "InfraConfig", "SharedNamespaces", "NumContainers", "Containers", "cpu_period", "cpu_quota", "cpu_shares", "cpuset_cpus",
             "cpuset_mems", "mounts", "device_read_bps", "device_write_bps", "volumes_from", "security_opt", "memory_limit", "memory_swap"],
            inspect.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["PortBindings", "HostNetwork", "StaticIP", "StaticMAC", "NoManageResolvConf", "DNSServer", "DNSSearch", "DNSOption", "NoManageHosts", "HostAdd",
             "Networks", "NetworkOptions", "cpu_period", "cpu_quota", "cpuset_cpus", "pid_ns", "userns", "uts_ns"],
            inspect.GetProperty("InfraConfig").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["Type", "Source", "Destination", "Driver", "Mode", "Options", "RW", "Propagation"], inspect.GetProperty("mounts")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(1048576, inspect.GetProperty("device_read_bps")[0].GetProperty("Rate").GetInt64());

        // Members get the pod's devices, security options and /dev/shm; the infra container its sysctls.
        var member = _host.Run("run", "--rm", "--pod", "full", _host.Image, "sh", "-c", "ls /dev/mynull && df -k /dev/shm | tail -1 && cat /proc/sys/net/ipv4/ip_forward && test -d /hosttmp");
        Assert.True(member.ExitCode == 0, member.Stderr);
        Assert.Matches("^/dev/mynull\n\\S+ +1024 .*\n1\n$", member.Stdout);
        var conmonPid = File.ReadAllText(Path.Combine(_host.Dir, "infra-conmon.pid")).Trim();
        Assert.Equal("conmon\n", File.ReadAllText($"/proc/{conmonPid}/comm"));
    }

    /// <summary>A file of the pod's cgroup: the v1 controller's hierarchy, or the v2 file.</summary>
    private static string ReadCgroup(string cgroup, string controller, string v1File, string v2File)
        => File.ReadAllText(Unified ? $"/sys/fs/cgroup{cgroup}/{v2File}" : $"/sys/fs/cgroup/{controller}{cgroup}/{v1File}").Trim();
}
