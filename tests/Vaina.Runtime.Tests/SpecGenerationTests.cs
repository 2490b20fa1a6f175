using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Tests;

/// <summary>config.json generation without running anything.</summary>
public sealed class SpecGenerationTests : IDisposable
{
    private static readonly CgroupLayout V1 = new(false, true, "/sys/fs/cgroup/unified", true);
    private readonly string _rootfs;

    public SpecGenerationTests()
    {
        _rootfs = Path.Combine(Path.GetTempPath(), "vspec-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_rootfs, "etc"));
        File.WriteAllText(Path.Combine(_rootfs, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000::/home/tester:/bin/sh\n");
        File.WriteAllText(Path.Combine(_rootfs, "etc/group"), "root:x:0:\nwheel:x:10:tester\ntester:x:1000:\n");
    }

    private static RuntimeSpecBuilder Builder(ulong hardNofile = 20000)
        => new(V1, r => r == Vaina.Linux.Interop.RLIMIT_NOFILE ? (1024UL, hardNofile) : (ulong.MaxValue, ulong.MaxValue));

    private ContainerRunOptions Options() => new()
    {
        Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        RootfsPath = _rootfs,
        Image = new ImageConfigValues { Cmd = ["/bin/sh"], Env = ["PATH=/img/bin", "IMG=1"] },
        SeccompProfilePath = "/nonexistent/seccomp.json",
    };

    [Fact]
    public void CommandFollowsPodmansEntrypointRules()
    {
        Assert.Equal(["/bin/sh"], RuntimeSpecBuilder.BuildArgs(Options()));
        Assert.Equal(["ep", "a"], RuntimeSpecBuilder.BuildArgs(Options() with { Image = new ImageConfigValues { Entrypoint = ["ep"], Cmd = ["a"] } }));
        Assert.Equal(["x"], RuntimeSpecBuilder.BuildArgs(Options() with { Entrypoint = ["x"] }));
        Assert.Equal(["ls"], RuntimeSpecBuilder.BuildArgs(Options() with { Entrypoint = [""], Command = ["ls"] }));
        Assert.Equal(["/run/podman-init", "--", "/bin/sh"], RuntimeSpecBuilder.BuildArgs(Options() with { Init = true }));
        VainaException e = Assert.Throws<VainaException>(() => RuntimeSpecBuilder.BuildArgs(Options() with { Image = new ImageConfigValues() }));
        Assert.Equal("no command or entrypoint provided, and no CMD or ENTRYPOINT from image", e.Message);
        Assert.Equal(["a", "b"], RuntimeSpecBuilder.ParseEntrypoint("[\"a\",\"b\"]"));
        Assert.Equal(["/bin/sh -c"], RuntimeSpecBuilder.ParseEntrypoint("/bin/sh -c"));
    }

    [Fact]
    public void DefaultsMatchPodman()
    {
        RuntimeSpec spec = Builder().Build(Options());
        Assert.Equal("0123456789ab", spec.Hostname);
        Assert.Equal("/libpod_parent/libpod-" + Options().Id, spec.Linux!.CgroupsPath);
        Assert.Equal(2048, spec.Linux.Resources!.Pids!.Limit);
        Assert.Equal(["pid", "network", "ipc", "uts", "mount"], spec.Linux.Namespaces.Select(n => n.Type));
        Assert.Contains("/proc/kcore", spec.Linux.MaskedPaths!);
        Assert.Contains("/proc/sys", spec.Linux.ReadonlyPaths!);
        Assert.Equal("0 0", spec.Linux.Sysctl!["net.ipv4.ping_group_range"]);
        SpecMount shm = spec.Mounts.Single(m => m.Destination == "/dev/shm");
        Assert.Contains("size=67108864", shm.Options!);
        Assert.Contains("ptmxmode=0666", spec.Mounts.Single(m => m.Destination == "/dev/pts").Options!);
        Assert.Contains("ro", spec.Mounts.Single(m => m.Destination == "/sys").Options!);
        Assert.Equal(11, spec.Process!.Capabilities!.Bounding!.Count);
        Assert.Equal(["PATH=/img/bin", "container=podman", "IMG=1", "HOME=/root", "HOSTNAME=0123456789ab"], spec.Process.Env);
        Assert.Null(spec.Linux.Seccomp);
    }

    [Fact]
    public void DevShmFollowsTheIpcMode()
    {
        // --ipc none: no /dev/shm mount at all; --ipc host or a shared container: a bind with Podman's options.
        Assert.DoesNotContain(Builder().Build(Options() with { NoShm = true }).Mounts, m => m.Destination == "/dev/shm");
        SpecMount bind = Builder().Build(Options() with { ShmBindSource = "/dev/shm" }).Mounts.Single(m => m.Destination == "/dev/shm");
        Assert.Equal(("bind", "/dev/shm"), (bind.Type, bind.Source));
        Assert.Equal(["bind", "private", "nosuid", "noexec", "nodev"], bind.Options!);
    }

    [Fact]
    public void CpuPeriodQuotaAndSwappinessGoToTheResources()
    {
        var r = Builder().Build(Options() with { CpuPeriod = 50000, CpuQuota = 25000, MemorySwappiness = 10 }).Linux!.Resources!;
        Assert.Equal((50000UL, 25000L), (r.Cpu!.Period!.Value, r.Cpu.Quota!.Value));
        Assert.Equal(10L, r.Memory!.Swappiness);
        Assert.Null(Builder().Build(Options()).Linux!.Resources!.Memory);
    }

    [Fact]
    public void SystemdCgroupManagerUsesPodmansSliceAndScope()
    {
        var id = Options().Id;
        Assert.Equal("machine.slice:libpod:" + id, Builder().Build(Options() with { CgroupManager = "systemd" }).Linux!.CgroupsPath);
        Assert.Equal("user.slice:libpod:" + id, Builder().Build(Options() with { CgroupManager = "systemd", CgroupParent = "user.slice" }).Linux!.CgroupsPath);
        // A pod's slice is a path below its parent; systemd takes the slice's own name.
        Assert.Equal("machine-libpod_pod_abc.slice:libpod:" + id,
            Builder().Build(Options() with { CgroupManager = "systemd", CgroupParent = "machine.slice/machine-libpod_pod_abc.slice" }).Linux!.CgroupsPath);
        Assert.Equal("/custom/libpod-" + id, Builder().Build(Options() with { CgroupParent = "/custom" }).Linux!.CgroupsPath);
        Assert.Equal(
            "did not receive systemd slice as cgroup parent when using systemd to manage cgroups: invalid argument",
            Assert.Throws<VainaException>(() => Builder().Build(Options() with { CgroupManager = "systemd", CgroupParent = "/custom" })).Message);

        // runc gets --systemd-cgroup before every subcommand, conmon its own -s.
        var launcher = new Conmon.ConmonLauncher("/usr/bin/conmon", new Discovery.OciRuntimeInfo("runc", "/usr/sbin/runc", "test"), "/run/r", systemdCgroup: true);
        Assert.Equal(["--root", "/run/r", "--systemd-cgroup"], launcher.RuntimeGlobalArgs());
        var args = launcher.BuildCreateArgs(new Conmon.ConmonCreateOptions { ContainerId = id, Name = "n", BundlePath = "/b", PidFile = "/b/pid", ExitDir = "/e", LogPath = "/l" }, "/b/oci-log");
        Assert.Contains("-s", args);
        Assert.Contains("--systemd-cgroup", args);
        var cgroupfs = new Conmon.ConmonLauncher("/usr/bin/conmon", new Discovery.OciRuntimeInfo("runc", "/usr/sbin/runc", "test"), "/run/r");
        Assert.DoesNotContain("--systemd-cgroup", cgroupfs.RuntimeGlobalArgs());
    }

    [Fact]
    public void RlimitsAreCappedToTheHardLimit()
    {
        RuntimeSpec spec = Builder(20000).Build(Options());
        SpecRlimit nofile = spec.Process!.Rlimits!.Single(r => r.Type == "RLIMIT_NOFILE");
        Assert.Equal(20000UL, nofile.Hard);
        Assert.Equal(20000UL, nofile.Soft);
        Assert.Equal(RuntimeSpecBuilder.DefaultRlimitValue, spec.Process.Rlimits!.Single(r => r.Type == "RLIMIT_NPROC").Hard);

        spec = Builder().Build(Options() with { Ulimits = ["nofile=100:200"] });
        nofile = spec.Process!.Rlimits!.Single(r => r.Type == "RLIMIT_NOFILE");
        Assert.Equal((100UL, 200UL), (nofile.Soft, nofile.Hard));
        Assert.Equal("invalid ulimit type: bogus", Assert.Throws<VainaException>(() => RuntimeSpecBuilder.ParseUlimit("bogus=1")).Message);
    }

    [Fact]
    public void ResourcesAreValidatedWithPodmansMessages()
    {
        RuntimeSpec spec = Builder().Build(Options() with { Memory = "64m", Cpus = 1.5, CpuShares = 512, PidsLimit = 100, BlkioWeight = 300 });
        SpecResources r = spec.Linux!.Resources!;
        Assert.Equal(64L * 1024 * 1024, r.Memory!.Limit);
        Assert.Equal(150000, r.Cpu!.Quota);
        Assert.Equal(100000UL, r.Cpu.Period);
        Assert.Equal(512UL, r.Cpu.Shares);
        Assert.Equal(100, r.Pids!.Limit);
        Assert.Equal((ushort)300, r.BlockIO!.Weight);

        Assert.Equal("invalid value for memory: invalid size: '12x'",
            Assert.Throws<VainaException>(() => Builder().Build(Options() with { Memory = "12x" })).Message);
        Assert.Throws<VainaException>(() => Builder().Build(Options() with { Cpus = -1 }));
        Assert.Equal("minimum memory limit allowed is 6MB",
            Assert.Throws<VainaException>(() => Builder().Build(Options() with { Memory = "1m" })).Message);
        Assert.Null(Builder().Build(Options() with { PidsLimit = 0 }).Linux!.Resources!.Pids);
    }

    [Fact]
    public void SecurityOptionsAndPrivileged()
    {
        RuntimeSpec spec = Builder().Build(Options() with { SecurityOpts = ["no-new-privileges", "unmask=/proc/kcore", "mask=/secret"] });
        Assert.True(spec.Process!.NoNewPrivileges);
        Assert.DoesNotContain("/proc/kcore", spec.Linux!.MaskedPaths!);
        Assert.Contains("/secret", spec.Linux.MaskedPaths!);

        spec = Builder().Build(Options() with { Privileged = true });
        Assert.Null(spec.Linux!.MaskedPaths);
        Assert.Contains("CAP_SYS_ADMIN", spec.Process!.Capabilities!.Effective!);
        Assert.True(spec.Linux.Resources!.Devices![0].Allow);

        Assert.Equal("\"CAP_NOPE\": unknown capability",
            Assert.Throws<VainaException>(() => Builder().Build(Options() with { CapAdd = ["nope"] })).Message);
    }

    [Fact]
    public void NamespacesCanBeJoinedOrShared()
    {
        RuntimeSpec spec = Builder().Build(Options() with
        {
            Network = NamespaceOption.Join("/proc/42/ns/net"),
            Pid = NamespaceOption.Host,
            Uts = NamespaceOption.Host,
        });
        Assert.Equal("/proc/42/ns/net", spec.Linux!.Namespaces.Single(n => n.Type == "network").Path);
        Assert.DoesNotContain(spec.Linux.Namespaces, n => n.Type is "pid" or "uts");
        Assert.Null(spec.Hostname);
        Assert.Contains("cgroup", new RuntimeSpecBuilder(new CgroupLayout(true, false, null, false), _ => (1, 1)).Build(Options()).Linux!.Namespaces.Select(n => n.Type));
    }

    [Fact]
    public void CgroupNamespaceDefaultsToPrivateOnV2AndTheHostsOnV1UnlessAsked()
    {
        var v1 = new RuntimeSpecBuilder(new CgroupLayout(false, true, null, true), _ => (1, 1));
        var v2 = new RuntimeSpecBuilder(new CgroupLayout(true, false, null, false), _ => (1, 1));
        Assert.DoesNotContain(v1.Build(Options()).Linux!.Namespaces, n => n.Type == "cgroup");
        Assert.Contains(v1.Build(Options() with { Cgroup = NamespaceOption.Private }).Linux!.Namespaces, n => n.Type == "cgroup" && n.Path is null);
        Assert.Equal("/proc/7/ns/cgroup", v1.Build(Options() with { Cgroup = NamespaceOption.Join("/proc/7/ns/cgroup") }).Linux!.Namespaces.Single(n => n.Type == "cgroup").Path);
        Assert.DoesNotContain(v2.Build(Options() with { Cgroup = NamespaceOption.Host }).Linux!.Namespaces, n => n.Type == "cgroup");
    }

    [Fact]
    public void MountsFromTheEngineAndTmpfs()
    {
        RuntimeSpec spec = Builder().Build(Options() with
        {
            Mounts = [new BindMount("/run/x/hosts", "/etc/hosts")],
            Tmpfs = ["/data:size=1m,exec"],
            ReadOnly = true,
        });
        Assert.Equal(["rbind"], spec.Mounts.Single(m => m.Destination == "/etc/hosts").Options);
        List<string> data = spec.Mounts.Single(m => m.Destination == "/data").Options!;
        Assert.Contains("exec", data);
        Assert.DoesNotContain("noexec", data);
        Assert.Contains("size=1m", data);
        Assert.True(spec.Root!.Readonly);
        Assert.Contains(spec.Mounts, m => m.Destination == "/var/tmp" && m.Type == "tmpfs");
    }

    [Fact]
    public void UsersResolveFromPasswdAndGroup()
    {
        ResolvedUser u = ContainerUserResolver.Resolve(_rootfs, "tester");
        Assert.Equal((1000u, 1000u, "/home/tester"), (u.Uid, u.Gid, u.Home));
        Assert.Equal([1000u, 10u], u.AdditionalGids);
        u = ContainerUserResolver.Resolve(_rootfs, "1000:wheel", ["0"]);
        Assert.Equal(10u, u.Gid);
        Assert.Equal([10u, 0u], u.AdditionalGids);
        u = ContainerUserResolver.Resolve(_rootfs, "4242");
        Assert.Equal((4242u, 0u, "/"), (u.Uid, u.Gid, u.Home));
        Assert.Equal("unable to find user nobody: no matching entries in passwd file",
            Assert.Throws<VainaException>(() => ContainerUserResolver.Resolve(_rootfs, "nobody")).Message);
        Assert.Equal("unable to find group staff: no matching entries in group file",
            Assert.Throws<VainaException>(() => ContainerUserResolver.Resolve(_rootfs, "tester:staff")).Message);
    }

    [Fact]
    public void SymlinksCannotEscapeTheRootfs()
    {
        File.Delete(Path.Combine(_rootfs, "etc/passwd"));
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc/passwd"), "/../../../etc/shadow");
        Assert.Equal(Path.Combine(_rootfs, "etc/shadow"), RootfsPath.Resolve(_rootfs, "/etc/passwd"));
    }

    [Fact]
    public void EnvironmentOrderAndUnset()
    {
        var host = new Dictionary<string, string> { ["HOSTVAR"] = "h", ["HOST_A"] = "1", ["HOST_B"] = "2" };
        string file = Path.Combine(_rootfs, "env");
        File.WriteAllText(file, "# comment\n\nFROMFILE=1\nHOSTVAR\n");
        List<string> env = ContainerEnvironment.Build(
            new EnvironmentOptions { Env = ["A=1", "HOST_*"], EnvFiles = [file], Unset = ["IMG"] },
            ["IMG=x", "PATH=/p"], terminal: true, "h1", "/root", host);
        Assert.Equal(["PATH=/p", "TERM=xterm", "container=podman", "FROMFILE=1", "HOSTVAR=h", "A=1", "HOST_A=1", "HOST_B=2", "HOME=/root", "HOSTNAME=h1"], env);

        env = ContainerEnvironment.Build(new EnvironmentOptions { UnsetAll = true, Env = ["A=1"] }, ["IMG=x"], false, "h", "/", host);
        Assert.Equal(["A=1"], env);
        Assert.Equal("open /nope: no such file or directory",
            Assert.Throws<VainaException>(() => ContainerEnvironment.ParseEnvFile("/nope")).Message);
    }

    [Fact]
    public void DevicesComeFromTheHost()
    {
        RuntimeSpec spec = Builder().Build(Options() with { Devices = ["/dev/null:/dev/mynull:r"] });
        SpecDevice device = spec.Linux!.Devices!.Single();
        Assert.Equal(("/dev/mynull", "c", 1L, 3L), (device.Path, device.Type, device.Major, device.Minor));
        Assert.Contains(spec.Linux.Resources!.Devices!, d => d.Allow && d.Major == 1 && d.Minor == 3 && d.Access == "r");
        Assert.Equal("stat /dev/nope: no such file or directory",
            Assert.Throws<VainaException>(() => Builder().Build(Options() with { Devices = ["/dev/nope"] })).Message);
    }

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);
}
