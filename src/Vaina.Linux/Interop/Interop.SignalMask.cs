using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    private const int SigSetMask = 2;

    [LibraryImport(Libc, EntryPoint = "pthread_sigmask")]
    private static partial int PthreadSigmask(int how, byte[] set, nint oldSet);

    /// <summary>
    /// Clears the calling thread's blocked-signal mask. conmon starts its exit command with SIGCHLD blocked;
    /// .NET only reaps child processes when SIGCHLD is delivered, so without this every wait for a child hangs.
    /// </summary>
    public static void UnblockAllSignals()
    {
        // sigset_t is 1024 bits on glibc; all zero = nothing blocked.
        int error = PthreadSigmask(SigSetMask, new byte[128], 0);
        if (error != 0)
        {
            throw new LinuxException("pthread_sigmask", null, error);
        }
    }
}
