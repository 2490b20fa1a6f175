using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int CloneNewNet = 0x40000000;

    [LibraryImport(Libc, EntryPoint = "unshare", SetLastError = true)]
    private static partial int UnshareNative(int flags);

    /// <summary>unshare(2) for the calling thread (CLONE_NEWNET works per thread in a multi-threaded process).</summary>
    public static void Unshare(int flags)
    {
        if (UnshareNative(flags) != 0)
        {
            throw LinuxException.FromLastError("unshare");
        }
    }
}
