using System.Text.Json;

namespace Vaina.Vm.Tests;

/// <summary>
/// Rootless in the guest: vmuser has subuid/subgid ranges and a systemd user manager (linger) with the cpu, memory
/// and pids controllers delegated; vmuser2 has no session at all.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class RootlessCgroupV2Tests(VmGuest vm)
{
    [VmFact]
    public void AUserWithADelegatedSubtreeGetsTheSystemdManagerAndTheLimits()
    {
        string setup = vm.Step("user_setup").Ok();
        Assert.EndsWith("cpu memory pids", setup, StringComparison.Ordinal);
        vm.Step("rl_load").Ok();
        using var info = JsonDocument.Parse(vm.Step("rl_info").Ok());
        var host = info.RootElement.GetProperty("host");
        Assert.Equal("v2", host.GetProperty("cgroupVersion").GetString());
        Assert.Equal("systemd", host.GetProperty("cgroupManager").GetString());
        Assert.True(host.GetProperty("security").GetProperty("rootless").GetBoolean());

        Assert.Equal("67108864\n50", vm.Step("rl_memory").Ok());
        Assert.Equal("50000 100000", vm.Step("rl_cpus").Ok());
    }

    [VmFact]
    public void ARootlessContainerHasItsScopeInTheUsersManagerAndStatsUpdatePauseWork()
    {
        vm.Step("rl_run").Ok();
        string cgroup = vm.Step("rl_cgroup").Ok();
        Assert.Matches(@"^0::/user\.slice/user-1000\.slice/user@1000\.service/user\.slice/libpod-[0-9a-f]{64}\.scope", cgroup);
        Assert.Matches(@"conmon=0::/user\.slice/user-1000\.slice/user@1000\.service/user\.slice/libpod-conmon-[0-9a-f]{64}\.scope", cgroup);
        using var stats = JsonDocument.Parse(CgroupV2RootTests.StripClear(vm.Step("rl_stats").Ok()));
        Assert.EndsWith("/ 67.11MB", stats.RootElement[0].GetProperty("mem_usage").GetString(), StringComparison.Ordinal);
        vm.Step("rl_update").Ok();
        Assert.Equal("104857600", vm.Step("rl_after_update").Ok());
        vm.Step("rl_pause").Ok();
        vm.Step("rl_unpause").Ok();
        vm.Step("rl_rm").Ok();
    }

    /// <summary>
    /// Each urun is a transient unit that systemd stops when the command returns: the pause process made by the
    /// first command lives on in its own scope, so exec joins the container's user namespace (crun and runc).
    /// </summary>
    [VmFact]
    public void RootlessExecWorksWithCrunAndRunc()
    {
        Assert.Equal("exec-ok", vm.Step("rl_exec").Ok());
        Assert.Equal("exec-ok", vm.Step("rl_exec_i").Ok());
        Assert.Equal("exec-ok", vm.Step("rl_exec_runc_ctr").Ok());
        Assert.Matches(@"^0::/user\.slice/user-\d+\.slice/user@\d+\.service/user\.slice/vaina-pause-\d+\.scope$", vm.Step("rl_pause_scope").Ok());
    }

    [VmFact]
    public void RootlessPodsGetASliceInTheUsersManager()
    {
        string id = vm.Step("rl_pod_create").Ok();
        vm.Step("rl_pod_run").Ok();
        string cgroup = vm.Step("rl_pod_cgroup").Ok();
        Assert.Contains($"/user.slice/user-libpod_pod_{id}.slice/libpod-", cgroup, StringComparison.Ordinal);
        Assert.Contains($"user.slice user.slice/user-libpod_pod_{id}.slice", cgroup, StringComparison.Ordinal);
        vm.Step("rl_pod_rm").Ok();
    }

    [VmFact]
    public void WithoutASessionVainaFallsBackToCgroupfsAndSaysSoAsPodman()
    {
        vm.Step("user2_setup").Ok();
        vm.Step("nd_load").Ok();
        var info = vm.Step("nd_info");
        Assert.Equal("cgroupfs v2", info.Ok());
        string[] warnings =
        [
            "The cgroupv2 manager is set to systemd but there is no systemd user session available",
            "For using systemd, you may need to login using an user session",
            "Alternatively, you can enable lingering with: `loginctl enable-linger 1001` (possibly as root)",
            "Falling back to --cgroup-manager=cgroupfs",
        ];
        foreach (string warning in warnings)
        {
            Assert.Contains($"level=warning msg=\"{warning}\"", info.Stderr, StringComparison.Ordinal);
        }

        // Nothing is delegated: the container runs, without the limit (Podman 4.3.1 in the same guest prints "max" too).
        var run = vm.Step("nd_memory");
        Assert.Equal("max", run.Ok());
        Assert.Contains("Falling back to --cgroup-manager=cgroupfs", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("ok", vm.Step("nd_plain").Ok());
    }
}
