namespace Vaina.Cli.Tests;

/// <summary>
/// --cgroups=enabled|disabled|no-conmon|split as root: where conmon and the container land. On this cgroup v1
/// (hybrid) host the memory hierarchy is checked; runc cannot run without cgroups (Podman's error).
/// </summary>
public sealed class ContainerCgroupsModeTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void EnabledPutsConmonUnderTheParentAndNoConmonLeavesItWhereVainaRuns()
    {
        var own = CgroupOf("self");

        var (conmon, container) = Start("cg-enabled", "--cgroups=enabled");
        Assert.Equal("/libpod_parent/conmon", CgroupOf(conmon));
        Assert.StartsWith("/libpod_parent/libpod-", CgroupOf(container));

        (conmon, container) = Start("cg-noconmon", "--cgroups=no-conmon");
        Assert.Equal(own, CgroupOf(conmon));
        Assert.StartsWith("/libpod_parent/libpod-", CgroupOf(container));
    }

    /// <summary>
    /// split takes the caller's own cgroup as Podman's GetOwnCgroup does: the 0:: line where there is one. On a
    /// hybrid host that is "/" for everyone, which Podman refuses when the container starts (the container stays
    /// created). Where it works (cgroup v2, a delegated unit) it moves the caller's processes: tests/Vaina.Vm.Tests.
    /// </summary>
    [Fact]
    public void SplitRefusesTheRootCgroupAsPodman()
    {
        if (!File.ReadAllLines("/proc/self/cgroup").Contains("0::/"))
        {
            return;
        }

        var run = _host.Run("run", "--name", "cg-split", "--cgroups=split", _host.Image, "true");
        Assert.Equal(125, run.ExitCode);
        Assert.Equal("Error: could not find cgroup mount in \"/proc/self/cgroup\"\n", run.Stderr);
        Assert.Equal("created", _host.Inspect("cg-split", "{{.State.Status}}"));
        Assert.Equal("", _host.Inspect("cg-split", "{{.HostConfig.CgroupParent}}"));
    }

    [Fact]
    public void InvalidCombinationsFailAsInPodman()
    {
        var bogus = _host.Run("create", "--cgroups=bogus", _host.Image, "true");
        Assert.Equal(125, bogus.ExitCode);
        Assert.Equal("Error: running container create option: invalid cgroup mode \"bogus\": invalid argument\n", bogus.Stderr);

        var split = _host.Run("create", "--cgroups=split", "--cgroup-parent", "/elsewhere", _host.Image, "true");
        Assert.Equal("Error: cannot specify --cgroup-mode=split with a cgroup-parent: invalid argument\n", split.Stderr);

        var disabled = _host.Run("--runtime", "runc", "create", "--cgroups=disabled", _host.Image, "true");
        Assert.Equal(125, disabled.ExitCode);
        Assert.Equal("Error: requested OCI runtime runc is not compatible with NoCgroups: invalid argument\n", disabled.Stderr);
    }

    private (string Conmon, string Container) Start(string name, string flag)
    {
        var run = _host.Run("run", "-d", "--name", name, flag, _host.Image, "sleep", "1000");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return (_host.Inspect(name, "{{.State.ConmonPid}}"), _host.Inspect(name, "{{.State.Pid}}"));
    }

    /// <summary>The memory controller's path of a process (cgroup v1), else its v2 path.</summary>
    private static string CgroupOf(string pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).ToList();
        return (lines.FirstOrDefault(f => f[1].Split(',').Contains("memory")) ?? lines.First(f => f[0] == "0"))[2];
    }
}
