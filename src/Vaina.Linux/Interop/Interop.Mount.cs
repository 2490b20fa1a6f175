using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const ulong MountReadOnly = 1;
    public const ulong MountNoSuid = 2;
    public const ulong MountNoDev = 4;
    public const ulong MountNoExec = 8;
    public const int UnmountDetach = 2;

    [LibraryImport(Libc, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountNative(string source, string target, string? fileSystemType, ulong flags, string? data);

    [LibraryImport(Libc, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Native(string target, int flags);

    /// <summary>mount(2).</summary>
    public static void Mount(string source, string target, string? fileSystemType, ulong flags, string? data)
    {
        if (MountNative(source, target, fileSystemType, flags, data) != 0)
        {
            throw LinuxException.FromLastError("mount", target);
        }
    }

    /// <summary>umount2(2); returns false when <paramref name="target"/> is not a mount point (EINVAL) or gone (ENOENT).</summary>
    public static bool Umount2(string target, int flags)
    {
        if (Umount2Native(target, flags) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is 22 or 2)
            {
                return false;
            }

            throw new LinuxException("umount2", target, errno);
        }

        return true;
    }
}
