using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string existing, string newPath);

    /// <summary>Creates a hard link; a symlink at <paramref name="existing"/> is linked itself, not followed.</summary>
    public static void Link(string existing, string newPath)
    {
        if (LinkNative(existing, newPath) != 0)
        {
            throw LinuxException.FromLastError("link", newPath);
        }
    }
}
