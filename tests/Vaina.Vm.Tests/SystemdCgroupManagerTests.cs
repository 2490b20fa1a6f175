using System.Text.Json;

namespace Vaina.Vm.Tests;

/// <summary>The systemd cgroup manager as root: scopes, stats, update, pause, pods' slices.</summary>
[Collection(VmCollection.Name)]
public sealed class SystemdCgroupManagerTests(VmGuest vm)
{
    [VmFact]
    public void ContainerGetsLibpodScopeInMachineSliceAndConmonItsOwnScope()
    {
        vm.Step("sd_run").Ok();
        string cgroup = vm.Step("sd_cgroup").Ok();
        string id = CgroupV2RootTests.Line(cgroup, "id=");
        // crun puts the process in a "container" leaf of the scope.
        Assert.StartsWith($"0::/machine.slice/libpod-{id}.scope", CgroupV2RootTests.Line(cgroup, "ctr="), StringComparison.Ordinal);
        Assert.Equal("active", CgroupV2RootTests.Line(cgroup, "scope="));
        Assert.Equal($"0::/machine.slice/libpod-conmon-{id}.scope", CgroupV2RootTests.Line(cgroup, "conmon="));
        Assert.Equal("active", CgroupV2RootTests.Line(cgroup, "conmonscope="));
        // Podman 4.3.1 shows the --cgroup-parent given (none here).
        Assert.Equal("systemd  crun", vm.Step("sd_inspect").Ok());
    }

    [VmFact]
    public void UnderASystemdServiceConmonStaysInTheServiceAsPodmanLeavesIt()
    {
        vm.Step("sd_unit_run").Ok();
        Assert.Equal("running\n0::/system.slice/vaina-run-unit.service", vm.Step("sd_unit_conmon").Ok());
        vm.Step("sd_unit_rm").Ok();
    }

    [VmFact]
    public void StatsUpdateTopAndPauseWorkOnTheScope()
    {
        using var stats = JsonDocument.Parse(CgroupV2RootTests.StripClear(vm.Step("sd_stats").Ok()));
        var row = stats.RootElement[0];
        Assert.Equal("sd", row.GetProperty("name").GetString());
        Assert.EndsWith("/ 67.11MB", row.GetProperty("mem_usage").GetString(), StringComparison.Ordinal);
        Assert.Equal("1", row.GetProperty("pids").GetString());
        Assert.DoesNotContain("0s", row.GetProperty("cpu_time").GetString() ?? "0s", StringComparison.Ordinal);

        vm.Step("sd_update").Ok();
        Assert.Equal("134217728\n150000 100000\n77", vm.Step("sd_after_update").Ok());
        Assert.Contains("sleep 1000", vm.Step("sd_top").Ok(), StringComparison.Ordinal);
        vm.Step("sd_pause").Ok();
        Assert.Equal("paused\n1", vm.Step("sd_paused").Ok());
        vm.Step("sd_unpause").Ok();
        Assert.Equal("scope=inactive\ngone", vm.Step("sd_rm").Ok());
    }

    [VmFact]
    public void PodMembersLiveInThePodSliceWithThePodLimits()
    {
        string id = vm.Step("pod_create").Ok();
        vm.Step("pod_run").Ok();
        string cgroup = vm.Step("pod_cgroup").Ok();
        Assert.Matches($@"^0::/machine\.slice/machine-libpod_pod_{id}\.slice/libpod-[0-9a-f]{{64}}\.scope", cgroup);
        Assert.Contains($"machine.slice machine.slice/machine-libpod_pod_{id}.slice", cgroup, StringComparison.Ordinal);
        // Podman's pod inspect words exactly (checked against Podman 4.3.1 in the same guest).
        Assert.Contains("slice=active", cgroup, StringComparison.Ordinal);
        Assert.EndsWith("268435456\n100000 100000", cgroup, StringComparison.Ordinal);
        Assert.Contains("inpod", vm.Step("pod_stats").Ok(), StringComparison.Ordinal);
        vm.Step("pod_rm").Ok();

        string fsId = vm.Step("pod_fs_create").Ok();
        vm.Step("pod_fs_run").Ok();
        string fs = vm.Step("pod_fs_cgroup").Ok();
        Assert.Matches($@"^0::/libpod_parent/{fsId}/libpod-[0-9a-f]{{64}}\n/libpod_parent /libpod_parent/{fsId}$", fs);
        vm.Step("pod_fs_rm").Ok();
        Assert.Equal("0\n0", vm.Step("pod_slices_gone").Ok());
    }
}
