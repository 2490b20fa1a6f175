using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LchownNative(string path, uint owner, uint group);

    /// <summary>Changes the owner of <paramref name="path"/> itself (a symlink is not followed).</summary>
    public static void Lchown(string path, uint uid, uint gid)
    {
        if (LchownNative(path, uid, gid) != 0)
        {
            throw LinuxException.FromLastError("lchown", path);
        }
    }
}
