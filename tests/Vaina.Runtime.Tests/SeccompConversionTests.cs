using Vaina.Runtime.Seccomp;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Tests;

public sealed class SeccompConversionTests
{
    private static readonly SeccompProfileDocument Profile = SeccompProfileConverter.Load(SeccompProfileConverter.DefaultProfilePath);

    private static bool Allowed(SpecSeccomp s, string name)
        => s.Syscalls!.Any(r => r.Action == "SCMP_ACT_ALLOW" && r.Names.Contains(name) && r.Args is null);

    [Fact]
    public void ContainersCommonProfileConvertsForAmd64()
    {
        SpecSeccomp s = SeccompProfileConverter.Convert(Profile, CapabilitySet.PodmanDefaults, "amd64", new Version(6, 1, 0));
        Assert.Equal("SCMP_ACT_ERRNO", s.DefaultAction);
        Assert.Equal(38u, s.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], s.Architectures);
        Assert.True(Allowed(s, "read"));
        Assert.True(Allowed(s, "arch_prctl"));
        Assert.False(Allowed(s, "s390_runtime_instr"));
        Assert.True(Allowed(s, "chroot"));

        // Without CAP_SYS_ADMIN, bpf is an explicit EPERM rule; with it, allowed.
        Assert.Contains(s.Syscalls!, r => r.Names.Contains("bpf") && r.Action == "SCMP_ACT_ERRNO" && r.ErrnoRet == 1);
        Assert.False(Allowed(s, "bpf"));
        Assert.Contains(s.Syscalls!, r => r.Names.Contains("swapon") && r.Action == "SCMP_ACT_ERRNO");

        SpecSeccomp admin = SeccompProfileConverter.Convert(Profile, [.. CapabilitySet.PodmanDefaults, "CAP_SYS_ADMIN"], "amd64", new Version(6, 1));
        Assert.True(Allowed(admin, "bpf"));
        Assert.DoesNotContain(admin.Syscalls!, r => r.Names.Contains("bpf") && r.Action == "SCMP_ACT_ERRNO");
    }

    [Fact]
    public void ArchitecturesAndKernelVersionsFilterRules()
    {
        var profile = new SeccompProfileDocument
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Syscalls =
            [
                new SeccompProfileRule { Names = ["new_call"], Action = "SCMP_ACT_ALLOW", Includes = new SeccompRuleFilter { MinKernel = "5.8" } },
                new SeccompProfileRule { Names = ["arm_only"], Action = "SCMP_ACT_ALLOW", Includes = new SeccompRuleFilter { Arches = ["arm64"] } },
                new SeccompProfileRule { Names = ["not_arm"], Action = "SCMP_ACT_ALLOW", Excludes = new SeccompRuleFilter { Arches = ["arm64"] } },
            ],
        };
        SpecSeccomp old = SeccompProfileConverter.Convert(profile, [], "amd64", new Version(4, 19));
        Assert.Equal(["not_arm"], old.Syscalls!.SelectMany(r => r.Names));
        SpecSeccomp arm = SeccompProfileConverter.Convert(profile, [], "arm64", new Version(6, 1));
        Assert.Equal(["new_call", "arm_only"], arm.Syscalls!.SelectMany(r => r.Names));
        Assert.Equal(new Version(6, 1, 0), SeccompProfileConverter.ParseKernelVersion("6.1.0-18-amd64"));
    }
}
