namespace Vaina.Vm.Tests;

/// <summary>
/// --cgroups split and disabled, and block-IO throttles and weights, as root on cgroup v2 with the systemd manager
/// (scripts/vm/guest.sh, section cgroupsmodes), compared with Podman 4.3.1 in the same guest.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class CgroupsModeV2Tests(VmGuest vm)
{
    [VmFact]
    public void SplitPutsTheContainerUnderTheCallersUnitAndMovesTheCallerToRuntime()
    {
        string split = vm.Step("split_unit").Ok();
        string id = CgroupV2RootTests.Line(split, "id=");
        Assert.Equal($"0::/system.slice/vaina-split.service/libpod-payload-{id}", CgroupV2RootTests.Line(split, "ctr="));
        Assert.Equal("0::/system.slice/vaina-split.service/runtime", CgroupV2RootTests.Line(split, "conmon="));
        Assert.Equal("0::/system.slice/vaina-split.service/runtime", CgroupV2RootTests.Line(split, "self="));
        Assert.Equal("67108864", CgroupV2RootTests.Line(split, "memmax="));
        Assert.Equal("|default", CgroupV2RootTests.Line(split, "inspect="));
        Assert.Equal("0 83886080", CgroupV2RootTests.Line(split, "update="));
        Assert.Equal("exec-ok", CgroupV2RootTests.Line(split, "exec="));
        Assert.Equal("1", CgroupV2RootTests.Line(split, "stats="));
        Assert.Equal("0 1", CgroupV2RootTests.Line(split, "pause="));
        Assert.Equal("0", CgroupV2RootTests.Line(split, "rm="));
        Assert.Equal("0", CgroupV2RootTests.Line(split, "payload="));

        // From the runner's own service (no delegation): Podman moves the service's processes the same way.
        Assert.Equal("0::/", vm.Step("split_run").Ok());
        var parent = vm.Step("split_parent");
        Assert.Equal(125, parent.ExitCode);
        Assert.Equal("Error: cannot specify --cgroup-mode=split with a cgroup-parent: invalid argument", parent.Stderr.Trim());
    }

    [VmFact]
    public void DisabledLeavesTheContainerInTheCallersCgroupAndRefusesWhatNeedsOne()
    {
        vm.Step("dis_run").Ok();
        string cgroup = vm.Step("dis_cgroup").Ok();
        string self = CgroupV2RootTests.Line(cgroup, "self=");
        Assert.Equal(self, CgroupV2RootTests.Line(cgroup, "ctr="));
        Assert.Equal(self, CgroupV2RootTests.Line(cgroup, "conmon="));
        Assert.EndsWith("disabled", cgroup, StringComparison.Ordinal);

        // Podman's words (its stats reuses top's).
        var stats = vm.Step("dis_stats");
        Assert.Equal(125, stats.ExitCode);
        Assert.Matches("^Error: cannot run top on container [0-9a-f]{64} as it did not create a cgroup: this container does not have a cgroup$", stats.Stderr.Trim());
        var top = vm.Step("dis_top");
        Assert.Equal(125, top.ExitCode);
        Assert.Matches("^Error: cannot run top on container [0-9a-f]{64} as it did not create a cgroup: this container does not have a cgroup$", top.Stderr.Trim());
        var pause = vm.Step("dis_pause");
        Assert.Equal(125, pause.ExitCode);
        Assert.Equal("Error: cannot pause without using Cgroups: this container does not have a cgroup", pause.Stderr.Trim());
        var unpause = vm.Step("dis_unpause");
        Assert.Equal(125, unpause.ExitCode);
        Assert.Equal("Error: cannot unpause without using Cgroups: this container does not have a cgroup", unpause.Stderr.Trim());
        // The runtime refuses, as under Podman ("opening file `memory.max` for writing: No such file or directory").
        var update = vm.Step("dis_update");
        Assert.Equal(125, update.ExitCode);
        Assert.Contains("memory.max", update.Stderr, StringComparison.Ordinal);
        Assert.Equal("exec-ok", vm.Step("dis_exec").Ok());
        vm.Step("dis_rm").Ok();

        var runc = vm.Step("dis_runc");
        Assert.Equal(125, runc.ExitCode);
        Assert.Equal("Error: requested OCI runtime runc is not compatible with NoCgroups: invalid argument", runc.Stderr.Trim());
    }

    [VmFact]
    public void BlockIoThrottlesAreIoMaxAtRunAndUpdate()
    {
        Assert.Equal("254:0 rbps=1048576 wbps=2097152 riops=100 wiops=200", vm.Step("io_throttle").Ok());
        Assert.Equal("254:0 rbps=1048576 wbps=max riops=max wiops=200", vm.Step("io_throttle_runc").Ok());
        Assert.Equal("254:0 rbps=1048576 wbps=max riops=max wiops=max", vm.Step("io_throttle_cgroupfs").Ok());
        vm.Step("io_run").Ok();
        vm.Step("io_update").Ok();
        // blkio weight 500 is io.weight 4950 (runc's and crun's conversion), as Podman 4.3.1 shows in the guest.
        Assert.Equal("254:0 rbps=3145728 wbps=4194304 riops=50 wiops=300\ndefault 4950", vm.Step("io_after_update").Ok());
        Assert.Equal("[{\"Path\":\"/dev/vda\",\"Rate\":3145728}] [{\"Path\":\"/dev/vda\",\"Rate\":300}] 500", vm.Step("io_inspect").Ok());
        vm.Step("io_rm").Ok();
    }

    [VmFact]
    public void PerDeviceWeightsNeedBfqAsUnderPodman()
    {
        // crun 1.8 writes device weights to io.bfq.weight only: without BFQ it fails, under Podman too.
        var nobfq = vm.Step("io_weight_device_nobfq");
        Assert.NotEqual(0, nobfq.ExitCode);
        Assert.Contains("crun: open io.weight", nobfq.Stderr, StringComparison.Ordinal);
        Assert.Contains("[bfq]", vm.Step("io_bfq").Ok(), StringComparison.Ordinal);
        // BFQ takes the blkio weights as they are (no conversion).
        Assert.Equal("default 300\n254:0 200", vm.Step("io_bfq_weight").Ok());
        Assert.Equal("default 300\n254:0 200", vm.Step("io_bfq_weight_runc").Ok());
    }
}
