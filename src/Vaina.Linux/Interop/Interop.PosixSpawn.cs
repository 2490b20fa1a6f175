using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    // glibc's posix_spawnattr_t is 336 bytes and posix_spawn_file_actions_t 80 on 64-bit targets;
    // the buffers are larger so that a future glibc growing them stays safe.
    private const int SpawnAttrSize = 1024;
    private const int SpawnFileActionsSize = 512;
    private const int SigsetSize = 128;

    private const short PosixSpawnSetSigDefault = 0x04;
    private const short PosixSpawnSetSigMask = 0x08;
    private const short PosixSpawnSetSid = 0x80;

    [LibraryImport(Libc, EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int PosixSpawnNative(out int pid, string path, byte* fileActions, byte* attr, nint* argv, nint* envp);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_init")]
    private static unsafe partial int PosixSpawnAttrInit(byte* attr);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_destroy")]
    private static unsafe partial int PosixSpawnAttrDestroy(byte* attr);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setflags")]
    private static unsafe partial int PosixSpawnAttrSetFlags(byte* attr, short flags);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigmask")]
    private static unsafe partial int PosixSpawnAttrSetSigMask(byte* attr, byte* sigset);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigdefault")]
    private static unsafe partial int PosixSpawnAttrSetSigDefault(byte* attr, byte* sigset);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_init")]
    private static unsafe partial int PosixSpawnFileActionsInit(byte* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
    private static unsafe partial int PosixSpawnFileActionsDestroy(byte* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int PosixSpawnFileActionsAddOpen(byte* actions, int fd, string path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int PosixSpawnFileActionsAddChdir(byte* actions, string path);

    [LibraryImport(Libc, EntryPoint = "sigemptyset")]
    private static unsafe partial int SigEmptySet(byte* set);

    [LibraryImport(Libc, EntryPoint = "sigfillset")]
    private static unsafe partial int SigFillSet(byte* set);

    /// <summary>
    /// posix_spawn(3) of a detached process: a new session (no controlling terminal, so no SIGHUP or
    /// terminal signals reach it), default signal dispositions and an empty signal mask (what .NET
    /// ignores or blocks is not inherited), stdin/stdout/stderr opened on the given files, and "/" as its
    /// working directory (a long-lived process must not keep the caller's directory busy).
    /// Safe in a multi-threaded process, unlike fork. Returns the child's pid; the caller reaps it.
    /// </summary>
    public static unsafe int SpawnDetached(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, string stdinPath, string stdoutPath, string stderrPath)
    {
        const int oRdOnly = 0, oWrOnly = 1, oCreat = 0x40, oTrunc = 0x200;
        byte* attr = stackalloc byte[SpawnAttrSize];
        byte* actions = stackalloc byte[SpawnFileActionsSize];
        byte* emptySet = stackalloc byte[SigsetSize];
        byte* allSignals = stackalloc byte[SigsetSize];
        SigEmptySet(emptySet);
        SigFillSet(allSignals);
        Check(PosixSpawnAttrInit(attr), "posix_spawnattr_init", path);
        Check(PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init", path);
        var strings = new List<nint>(argv.Count + environment.Count);
        try
        {
            Check(PosixSpawnAttrSetFlags(attr, PosixSpawnSetSid | PosixSpawnSetSigMask | PosixSpawnSetSigDefault), "posix_spawnattr_setflags", path);
            Check(PosixSpawnAttrSetSigMask(attr, emptySet), "posix_spawnattr_setsigmask", path);
            Check(PosixSpawnAttrSetSigDefault(attr, allSignals), "posix_spawnattr_setsigdefault", path);
            Check(PosixSpawnFileActionsAddOpen(actions, 0, stdinPath, oRdOnly, 0), "posix_spawn_file_actions_addopen", stdinPath);
            Check(PosixSpawnFileActionsAddOpen(actions, 1, stdoutPath, oWrOnly | oCreat | oTrunc, 0x180), "posix_spawn_file_actions_addopen", stdoutPath);
            Check(PosixSpawnFileActionsAddOpen(actions, 2, stderrPath, oWrOnly | oCreat | oTrunc, 0x180), "posix_spawn_file_actions_addopen", stderrPath);
            Check(PosixSpawnFileActionsAddChdir(actions, "/"), "posix_spawn_file_actions_addchdir_np", "/");
            nint[] args = ToNative(argv, strings);
            nint[] env = ToNative(environment, strings);
            int pid;
            fixed (nint* a = args)
            fixed (nint* e = env)
            {
                Check(PosixSpawnNative(out pid, path, actions, attr, a, e), "posix_spawn", path);
            }

            return pid;
        }
        finally
        {
            PosixSpawnFileActionsDestroy(actions);
            PosixSpawnAttrDestroy(attr);
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }

    // The posix_spawn family returns the error number instead of setting errno.
    private static void Check(int result, string call, string subject)
    {
        if (result != 0)
        {
            throw new LinuxException(call, subject, result);
        }
    }
}
