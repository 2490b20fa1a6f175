using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport(Libc, EntryPoint = "getegid")]
    public static partial uint GetEffectiveGroupId();

    [LibraryImport(Libc, EntryPoint = "getuid")]
    public static partial uint GetUserId();

    [LibraryImport(Libc, EntryPoint = "getgid")]
    public static partial uint GetGroupId();
}
