using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    private static partial int SetnsNative(int fd, int nstype);

    /// <summary>
    /// setns(2) for the calling thread into the namespace of <paramref name="path"/> (a namespace file such as a
    /// bind-mounted netns). Joining a network namespace works per thread; sockets made afterwards belong to it.
    /// </summary>
    public static void Setns(string path, int nstype)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        if (SetnsNative((int)handle.DangerousGetHandle(), nstype) != 0)
        {
            throw LinuxException.FromLastError("setns", path);
        }
    }
}
