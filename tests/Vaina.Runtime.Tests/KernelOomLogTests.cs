using Vaina.Runtime;

namespace Vaina.Runtime.Tests;

/// <summary>Finding a container's OOM kill in the kernel log (lines as Linux 6.1 printed them in the cgroup v2 guest).</summary>
public sealed class KernelOomLogTests
{
    private const string Id = "714f5d492f9b1cb7f9a5fa253276cd58d48949bd34e4f3621522f62c73394078";

    private static string Log(string taskMemcg, int pid) =>
        "<4>[  208.114070] dd invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
        + "<6>[  208.135545] [    380]     0   380      821      571    45056        0             0 dd\n"
        + $"<6>[  208.135601] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=container,mems_allowed=0,oom_memcg={taskMemcg},task_memcg={taskMemcg},task=dd,pid={pid},uid=0\n"
        + $"<3>[  208.135660] Memory cgroup out of memory: Killed process {pid} (dd) total-vm:3284kB, anon-rss:956kB, file-rss:1328kB, shmem-rss:0kB, UID:0 pgtables:44kB oom_score_adj:0\n";

    [Theory]
    [InlineData("/machine.slice/libpod-" + Id + ".scope/container")]
    [InlineData("/machine.slice/libpod-" + Id + ".scope")]
    [InlineData("/machine.slice/machine-libpod_pod_0123.slice/libpod-" + Id + ".scope")]
    [InlineData("/libpod_parent/libpod-" + Id)]
    [InlineData("/system.slice/run.service/libpod-payload-" + Id)]
    public void TheInitProcessKilledInTheContainersCgroupIsFound(string cgroup)
        => Assert.True(KernelOomLog.ShowsKill(Log(cgroup, 531), Id, 531));

    [Fact]
    public void AnotherPidIsNotTheContainersInit()
        => Assert.False(KernelOomLog.ShowsKill(Log("/machine.slice/libpod-" + Id + ".scope/container", 5310), Id, 531));

    [Fact]
    public void AnotherContainersCgroupIsNotThisOne()
    {
        string other = "/machine.slice/libpod-" + Id[..^1] + "0.scope/container";
        Assert.False(KernelOomLog.ShowsKill(Log(other, 531), Id, 531));
        Assert.False(KernelOomLog.ShowsKill(Log("/machine.slice/libpod-" + Id + "0.scope", 531), Id, 531));
    }

    [Fact]
    public void ALogWithoutOomKillsShowsNone()
        => Assert.False(KernelOomLog.ShowsKill("<6>[    0.000000] Linux version 6.1.0-50-amd64\n<6>[    1.0] Killed process 531 (dd)\n", Id, 531));
}
