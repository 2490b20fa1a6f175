namespace Vaina.Runtime.Tests;

/// <summary>The transient units vaina asks systemd for (conmon's scope, a pod's slice), as busctl arguments.</summary>
public sealed class SystemdUnitsTests
{
    [Fact]
    public void ConmonScopeIsPodmansStartTransientUnitCall()
    {
        string id = new('a', 64);
        Assert.Equal("libpod-conmon-" + id + ".scope", SystemdUnits.ConmonScopeName(id));
        Assert.Equal(
            ["call", "--quiet", "org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "StartTransientUnit",
             "ssa(sv)a(sa(sv))", "libpod-conmon-x.scope", "replace", "4", "Slice", "s", "machine.slice", "PIDs", "au", "1", "1234",
             "Delegate", "b", "true", "DefaultDependencies", "b", "false", "0"],
            SystemdUnits.StartTransientUnitArguments("libpod-conmon-x.scope", SystemdUnits.ScopeProperties(1234, "machine.slice"), userManager: false));
        Assert.Equal("--user", SystemdUnits.StartTransientUnitArguments("u.scope", [], userManager: true)[0]);
    }

    [Theory]
    [InlineData("machine.slice", "machine.slice")]
    [InlineData("machine.slice/machine-libpod_pod_1.slice", "machine-libpod_pod_1.slice")]
    [InlineData("/a.slice/a-b.slice", "a-b.slice")]
    public void SliceNameIsTheLastComponentOfASlicePath(string parent, string slice)
        => Assert.Equal(slice, SystemdUnits.SliceName(parent));

    [Fact]
    public void ChildSliceIsPodmansAssembledName()
    {
        Assert.Equal("machine.slice/machine-libpod_pod_42.slice", SystemdUnits.ChildSlicePath("machine.slice", "libpod_pod_42"));
        Assert.Equal("user.slice/user-libpod_pod_42.slice", SystemdUnits.ChildSlicePath("user.slice/", "libpod_pod_42"));
    }
}
