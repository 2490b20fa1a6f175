using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int AF_UNIX = 1;
    public const int SOCK_SEQPACKET = 5;
    public const int SOCK_CLOEXEC = 0x80000;

    [LibraryImport(Libc, EntryPoint = "socketpair", SetLastError = true)]
    private static unsafe partial int SocketpairRaw(int domain, int type, int protocol, int* fds);

    /// <summary>Creates a connected socket pair; both ends carry the given type flags (e.g. SOCK_CLOEXEC).</summary>
    public static unsafe (int First, int Second) Socketpair(int domain, int type, int protocol = 0)
    {
        int* fds = stackalloc int[2];
        if (SocketpairRaw(domain, type, protocol, fds) != 0)
        {
            throw LinuxException.FromLastError("socketpair");
        }

        return (fds[0], fds[1]);
    }
}
