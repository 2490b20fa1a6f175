using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int RLIMIT_NPROC = 6;
    public const int RLIMIT_NOFILE = 7;

    /// <summary>RLIM_INFINITY as returned by getrlimit on 64-bit Linux.</summary>
    public const ulong RlimInfinity = ulong.MaxValue;

    [StructLayout(LayoutKind.Sequential)]
    private struct RlimitValue
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetrlimitRaw(int resource, out RlimitValue value);

    /// <summary>Returns (soft, hard) for a resource of this process.</summary>
    public static (ulong Soft, ulong Hard) GetResourceLimit(int resource)
    {
        if (GetrlimitRaw(resource, out RlimitValue value) != 0)
        {
            throw LinuxException.FromLastError("getrlimit");
        }

        return (value.Current, value.Maximum);
    }
}
