using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "fchown", SetLastError = true)]
    private static partial int FchownNative(int fd, uint owner, uint group);

    /// <summary>Changes the owner of the open file <paramref name="fd"/> (no path lookup).</summary>
    public static void Fchown(int fd, uint uid, uint gid)
    {
        if (FchownNative(fd, uid, gid) != 0)
        {
            throw LinuxException.FromLastError("fchown", "fd " + fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
