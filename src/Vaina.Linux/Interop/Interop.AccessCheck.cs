using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int AccessRead = 4;
    public const int AccessWrite = 2;
    public const int AccessExecute = 1;

    [LibraryImport(Libc, EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AccessNative(string path, int mode);

    /// <summary>access(2) with the real uid: whether <paramref name="path"/> allows all of <paramref name="mode"/> (AccessRead | ...).</summary>
    public static bool CanAccess(string path, int mode) => AccessNative(path, mode) == 0;
}
