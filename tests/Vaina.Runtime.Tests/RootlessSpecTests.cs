using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Tests;

/// <summary>config.json for a runtime in a user namespace (rootless), without running anything.</summary>
public sealed class RootlessSpecTests : IDisposable
{
    private static readonly CgroupLayout V1 = new(false, true, "/sys/fs/cgroup/unified", true);
    private static readonly CgroupLayout V2 = new(true, false, null, false);
    private readonly string _rootfs = Directory.CreateTempSubdirectory("vspec-rl-").FullName;

    private static RuntimeSpecBuilder Builder(CgroupLayout cgroups)
        => new(cgroups, _ => (1024UL, 20000UL));

    private ContainerRunOptions Options(long gids = 65537) => new()
    {
        Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        RootfsPath = _rootfs,
        Image = new ImageConfigValues { Cmd = ["/bin/sh"] },
        SeccompProfilePath = "/nonexistent/seccomp.json",
        UserNamespace = true,
        AvailableGids = gids,
        Memory = "64m",
        PidsLimit = 100,
    };

    [Fact]
    public void CgroupV1HasNeitherACgroupPathNorResources()
    {
        RuntimeSpec spec = Builder(V1).Build(Options());

        Assert.Null(spec.Linux!.CgroupsPath);
        Assert.Null(spec.Linux.Resources);
        Assert.DoesNotContain(spec.Linux.Namespaces, n => n.Type == "user");
    }

    [Fact]
    public void CgroupV2KeepsTheLimits()
    {
        RuntimeSpec spec = Builder(V2).Build(Options());

        Assert.Equal(100, spec.Linux!.Resources!.Pids!.Limit);
        Assert.Equal(64 * 1024 * 1024, spec.Linux.Resources.Memory!.Limit);
    }

    [Fact]
    public void CgroupV2WithTheSystemdManagerUsesTheUsersUserSlice()
    {
        RuntimeSpec spec = Builder(V2).Build(Options() with { CgroupManager = "systemd" });

        Assert.Equal("user.slice:libpod:" + Options().Id, spec.Linux!.CgroupsPath);
    }

    [Fact]
    public void CgroupV2WithCgroupfsHasNoCgroupPathUnlessAParentIsNamed()
    {
        // Podman's getOCICgroupPath: nothing is delegated to a user under cgroupfs.
        Assert.Null(Builder(V2).Build(Options()).Linux!.CgroupsPath);
        Assert.Equal("/mine/libpod-" + Options().Id, Builder(V2).Build(Options() with { CgroupParent = "/mine" }).Linux!.CgroupsPath);
    }

    [Fact]
    public void HostNetworkBindMountsTheHostsSysReadOnlyAndMasksSysKernel()
    {
        RuntimeSpec spec = Builder(V1).Build(Options() with { Network = NamespaceOption.Host });

        SpecMount sys = spec.Mounts.Single(m => m.Destination == "/sys");
        Assert.Equal("bind", sys.Type);
        Assert.Equal("/sys", sys.Source);
        Assert.Equal(["rprivate", "nosuid", "noexec", "nodev", "ro", "rbind"], sys.Options);
        Assert.DoesNotContain(spec.Mounts, m => m.Destination == "/sys/fs/cgroup");
        Assert.Contains("/sys/kernel", spec.Linux!.MaskedPaths!);
    }

    [Fact]
    public void DevicesAreBindMountsAndHostPidBindsTheHostsProc()
    {
        RuntimeSpec spec = Builder(V1).Build(Options() with { Devices = ["/dev/null:/dev/mynull:r"], Pid = NamespaceOption.Host });

        Assert.Null(spec.Linux!.Devices);
        SpecMount device = spec.Mounts.Single(m => m.Destination == "/dev/mynull");
        Assert.Equal(("bind", "/dev/null"), (device.Type, device.Source));
        Assert.Equal(["slave", "nosuid", "noexec", "ro", "rbind"], device.Options);
        SpecMount proc = spec.Mounts.Single(m => m.Destination == "/proc");
        Assert.Equal(("bind", "/proc"), (proc.Type, proc.Source));
        Assert.Equal(["rbind", "nosuid", "noexec", "nodev", "rw", "rprivate"], proc.Options);
    }

    [Fact]
    public void APrivateNetworkKeepsSysfs()
        => Assert.Equal("sysfs", Builder(V1).Build(Options()).Mounts.Single(m => m.Destination == "/sys").Type);

    [Fact]
    public void DevptsDropsGid5WithASingleMapping()
    {
        Assert.DoesNotContain("gid=5", Builder(V1).Build(Options(gids: 1)).Mounts.Single(m => m.Destination == "/dev/pts").Options!);
        Assert.Contains("gid=5", Builder(V1).Build(Options()).Mounts.Single(m => m.Destination == "/dev/pts").Options!);
    }

    [Fact]
    public void RootfulSpecsAreUnchanged()
    {
        RuntimeSpec spec = Builder(V1).Build(Options() with { UserNamespace = false, Network = NamespaceOption.Host });

        Assert.Equal("/libpod_parent/libpod-" + Options().Id, spec.Linux!.CgroupsPath);
        Assert.Equal("sysfs", spec.Mounts.Single(m => m.Destination == "/sys").Type);
    }

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);
}
