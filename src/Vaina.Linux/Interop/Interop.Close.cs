using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
