namespace Vaina.Vm.Tests;

/// <summary>run/create flags that only a cgroup v2 host can show (scripts/vm/guest.sh, section runflags).</summary>
[Collection(VmCollection.Name)]
public sealed class RunFlagV2Tests(VmGuest vm)
{
    [VmFact]
    public void CgroupConfWritesTheV2Files()
    {
        Assert.Equal("50331648\n77", vm.Step("cgroup_conf").Ok());
    }
}
