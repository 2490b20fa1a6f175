using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "signal")]
    private static partial nint SignalNative(int signal, nint handler);

    [LibraryImport(Libc, EntryPoint = "pthread_sigmask")]
    private static unsafe partial int PthreadSigmaskNative(int how, byte* set, byte* oldSet);

    /// <summary>
    /// Undoes what the .NET runtime changed in the signal state that execve(2) would pass on: SIGPIPE
    /// ignored (an ignored signal stays ignored across exec) and the calling thread's signal mask.
    /// Call right before <see cref="Execve"/>.
    /// </summary>
    public static unsafe void ResetSignalsForExec()
    {
        const int sigPipe = 13, sigSetMask = 2;
        nint sigDefault = 0;
        SignalNative(sigPipe, sigDefault);
        byte* empty = stackalloc byte[SigsetSize];
        SigEmptySet(empty);
        PthreadSigmaskNative(sigSetMask, empty, null);
    }
}
