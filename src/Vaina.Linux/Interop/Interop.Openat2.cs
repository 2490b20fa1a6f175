using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int OpenPath = 0x200000;
    public const int OpenDirectory = 0x10000;

    /// <summary>openat2 RESOLVE_NO_MAGICLINKS: /proc/PID/fd style links are refused.</summary>
    public const ulong ResolveNoMagicLinks = 0x02;

    /// <summary>openat2 RESOLVE_NO_SYMLINKS: no symlink at all is followed.</summary>
    public const ulong ResolveNoSymlinks = 0x04;

    /// <summary>openat2 RESOLVE_BENEATH: the path must stay below dirfd.</summary>
    public const ulong ResolveBeneath = 0x08;

    /// <summary>openat2 RESOLVE_IN_ROOT: dirfd acts as "/" for the lookup, "..", and absolute symlinks (chroot-like).</summary>
    public const ulong ResolveInRoot = 0x10;

    private const long SysOpenat2 = 437;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial long SyscallOpenat2(long number, int dirfd, string path, OpenHow* how, nuint size);

    /// <summary>
    /// openat2(2): opens <paramref name="path"/> relative to <paramref name="dirfd"/> under the lookup restrictions
    /// in <paramref name="resolve"/>. Returns the fd, or -errno when <paramref name="throwOnError"/> is false.
    /// </summary>
    public static unsafe int Openat2(int dirfd, string path, int flags, uint mode, ulong resolve, bool throwOnError = true)
    {
        var how = new OpenHow { Flags = (ulong)(uint)flags, Mode = mode, Resolve = resolve };
        long fd;
        do
        {
            fd = SyscallOpenat2(SysOpenat2, dirfd, path, &how, (nuint)sizeof(OpenHow));
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == 4);
        if (fd >= 0)
        {
            return (int)fd;
        }

        return throwOnError ? throw LinuxException.FromLastError("openat2", path) : -Marshal.GetLastPInvokeError();
    }
}
