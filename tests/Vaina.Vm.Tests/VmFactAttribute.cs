namespace Vaina.Vm.Tests;

/// <summary>
/// A test that needs the qemu guest. It runs only with VAINA_VM_TESTS=1 (scripts/vm/test.sh sets it: the guest
/// boots under TCG on hosts without hardware KVM, which is too slow for scripts/test.sh) and as root with qemu and
/// debootstrap installed; otherwise it is skipped with the reason in the test output.
/// </summary>
public sealed class VmFactAttribute : FactAttribute
{
    public VmFactAttribute()
    {
        if (SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (Environment.GetEnvironmentVariable("VAINA_VM_TESTS") != "1")
        {
            return "the cgroup v2 guest tests run with VAINA_VM_TESTS=1 (scripts/vm/test.sh)";
        }

        if (!File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:\t0\t", StringComparison.Ordinal)))
        {
            return "the cgroup v2 guest tests must run as root";
        }

        foreach (string tool in new[] { "qemu-system-x86_64", "debootstrap", "mkfs.ext4" })
        {
            if (!OnPath(tool))
            {
                return $"{tool} is not installed (scripts/vm/test.sh installs it): the cgroup v2 guest tests did not run";
            }
        }

        return null;
    }

    private static bool OnPath(string tool)
        => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
