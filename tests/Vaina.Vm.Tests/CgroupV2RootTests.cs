using System.Text.Json;

namespace Vaina.Vm.Tests;

/// <summary>
/// As root in a Debian 12 guest with systemd as PID 1 and cgroup v2 unified (scripts/vm/guest.sh): what `vaina
/// info` reports, and every resource flag seen from inside the container and enforced.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class CgroupV2RootTests(VmGuest vm)
{
    [VmFact]
    public void TheGuestIsCgroupV2WithSystemdAsPid1()
    {
        string facts = vm.Step("facts").Ok();
        Assert.Contains("pid1=systemd", facts, StringComparison.Ordinal);
        Assert.Contains("cgroupfs=cgroup2fs", facts, StringComparison.Ordinal);
        Assert.Contains("nproc=2", facts, StringComparison.Ordinal);
        vm.Step("load").Ok();
    }

    [VmFact]
    public void InfoShowsCgroupV2TheSystemdManagerAndCrun()
    {
        using var info = JsonDocument.Parse(vm.Step("info").Ok());
        var host = info.RootElement.GetProperty("host");
        Assert.Equal("v2", host.GetProperty("cgroupVersion").GetString());
        Assert.Equal("systemd", host.GetProperty("cgroupManager").GetString());
        Assert.Equal("crun", host.GetProperty("ociRuntime").GetProperty("name").GetString());
        var controllers = host.GetProperty("cgroupControllers").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("memory", controllers);
        Assert.Contains("pids", controllers);
    }

    [VmFact]
    public void MemoryIsMemoryMaxInsideAndAnOverrunIsOomKilled()
    {
        Assert.Equal("67108864", vm.Step("memory").Ok());
        var oom = vm.Step("memory_oom");
        Assert.True(oom.ExitCode == 137, oom.ToString());
        Assert.Equal("true 137", vm.Step("memory_oom_inspect").Ok());
        // systemd removes the emptied scope before conmon reads memory.events about as often as not: every run counts.
        Assert.Equal(string.Join("\n", Enumerable.Repeat("true 137", 5)), vm.Step("memory_oom_repeat").Ok());
        Assert.Equal("false 137", vm.Step("memory_kill9").Ok());
        Assert.Equal("67108864", vm.Step("memory_reservation").Ok());
        // --memory-swap is memory plus swap; v2 limits the swap alone.
        Assert.Equal("33554432", vm.Step("memory_swap").Ok());
    }

    [VmFact]
    public void CpusPidsSharesCpusetAndBlkioWeightReachTheV2Files()
    {
        Assert.Equal("50000 100000", vm.Step("cpus").Ok());
        Assert.Equal("42", vm.Step("pids").Ok());
        var forks = vm.Step("pids_enforced");
        Assert.True(forks.ExitCode != 0 && forks.Stderr.Contains("can't fork", StringComparison.Ordinal), forks.ToString());
        // runc's and crun's shares-to-weight conversion: 1 + (512 - 2) * 9999 / 262142.
        Assert.Equal("20", vm.Step("cpu_shares").Ok());
        Assert.Equal("1", vm.Step("cpuset").Ok());
        // Without BFQ the weight lands in io.weight, converted: 1 + (300 - 10) * 9999 / 990.
        string io = vm.Step("blkio_weight").Ok();
        Assert.True(io is "default 2930" or "default 300", io);
    }

    [VmFact]
    public void CgroupfsManagerPutsContainersUnderLibpodParentWithConmonBeside()
    {
        vm.Step("fs_run").Ok();
        string cgroup = vm.Step("fs_cgroup").Ok();
        string id = Line(cgroup, "id=");
        Assert.Equal($"0::/libpod_parent/libpod-{id}", Line(cgroup, "ctr="));
        Assert.Equal("0::/libpod_parent/conmon", Line(cgroup, "conmon="));
        Assert.Equal("50331648", Line(cgroup, "memmax="));
        using var stats = JsonDocument.Parse(StripClear(vm.Step("fs_stats").Ok()));
        Assert.EndsWith("/ 50.33MB", stats.RootElement[0].GetProperty("mem_usage").GetString(), StringComparison.Ordinal);
        vm.Step("fs_update").Ok();
        Assert.Equal("100663296", vm.Step("fs_after_update").Ok());
    }

    /// <summary>
    /// The manager is the container's, kept at create as Podman's ContainerConfig.CgroupManager: on this systemd
    /// host, exec, pause, stop, start and rm without --cgroup-manager still treat it as cgroupfs.
    /// </summary>
    [VmFact]
    public void ACgroupfsContainerKeepsItsManagerWithoutTheFlag()
    {
        string id = Line(vm.Step("fs_cgroup").Ok(), "id=");
        Assert.Equal("cgroupfs", vm.Step("fs_inspect").Ok());
        // exec joins the container's cgroup, the root of its cgroup namespace.
        Assert.Equal("0::/", vm.Step("fs_exec_cgroup").Ok());
        vm.Step("fs_pause").Ok();
        Assert.Equal("paused\n1", vm.Step("fs_paused").Ok());
        vm.Step("fs_unpause").Ok();
        vm.Step("fs_stop").Ok();
        vm.Step("fs_start").Ok();
        // Started again under /libpod_parent, and no libpod scope appeared in systemd.
        Assert.Equal($"0::/libpod_parent/libpod-{id}\ninactive", vm.Step("fs_restarted").Ok());
        Assert.Equal("gone", vm.Step("fs_rm").Ok());
    }

    [VmFact]
    public void RuncIsUsedWhenAskedAndLaterCommandsFindTheContainer()
    {
        Assert.Equal("67108864\n25000 100000", vm.Step("runc_memory").Ok());
        vm.Step("runc_sd_run").Ok();
        string cgroup = vm.Step("runc_sd_cgroup").Ok();
        // runc's scope holds the process itself (crun adds a "container" leaf below the scope).
        Assert.Matches(@"^0::/machine\.slice/libpod-[0-9a-f]{64}\.scope\n", cgroup);
        Assert.EndsWith("\nrunc", cgroup, StringComparison.Ordinal);
        Assert.Matches(@"^[0-9a-f]{12} \S+ / \S+ 1$", vm.Step("runc_stats").Ok().Replace("\u001b[2J\u001b[1;1H", string.Empty, StringComparison.Ordinal));
        Assert.Equal("exec-ok", vm.Step("runc_exec").Ok());
        vm.Step("runc_stop").Ok();
        vm.Step("runc_rm").Ok();
    }

    [VmFact]
    public void SystemdAlwaysRunsSystemdWithAWritableCgroup2Mount()
    {
        vm.Step("systemd_run").Ok();
        string state = vm.Step("systemd_state").Ok();
        Assert.Matches("state=(running|degraded)", state);
        Assert.Matches(@" /sys/fs/cgroup rw,[^ ]* - cgroup2 ", state);
        Assert.Contains("0::/init.scope", state, StringComparison.Ordinal);
        vm.Step("systemd_rm").Ok();
    }

    internal static string Line(string text, string prefix)
        => text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim()
            ?? throw new Xunit.Sdk.XunitException($"no {prefix} line in:\n{text}");

    /// <summary>stats prints a clear-screen code before each frame; the JSON starts after it.</summary>
    internal static string StripClear(string text) => text.Replace("\u001b[2J\u001b[1;1H", string.Empty, StringComparison.Ordinal);
}
