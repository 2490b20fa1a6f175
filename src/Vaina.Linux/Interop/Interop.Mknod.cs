using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MknodNative(string path, uint mode, ulong dev);

    /// <summary>Creates a device node or fifo; <paramref name="mode"/> includes the S_IF* type bits.</summary>
    public static void Mknod(string path, uint mode, uint major, uint minor)
    {
        // glibc's makedev encoding.
        ulong dev = ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
            | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
        if (MknodNative(path, mode, dev) != 0)
        {
            throw LinuxException.FromLastError("mknod", path);
        }
    }
}
