using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>gettid(2): the kernel thread id of the calling thread.</summary>
    [LibraryImport(Libc, EntryPoint = "gettid")]
    public static partial int Gettid();
}
