using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const uint InotifyCreate = 0x100;
    public const uint InotifyCloseWrite = 0x8;
    public const uint InotifyMovedTo = 0x80;

    [LibraryImport(Libc, EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1Native(int flags);

    [LibraryImport(Libc, EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatchNative(int fd, string path, uint mask);

    /// <summary>inotify_init1(IN_NONBLOCK | IN_CLOEXEC); -1 when it fails (e.g. the per-user instance limit).</summary>
    public static int TryInotifyInit()
    {
        const int inNonBlock = 0x800;
        const int inCloseOnExec = 0x80000;
        return InotifyInit1Native(inNonBlock | inCloseOnExec);
    }

    /// <summary>inotify_add_watch(2); false when the path cannot be watched (gone, no permission, limit).</summary>
    public static bool TryInotifyAddWatch(int fd, string path, uint mask) => InotifyAddWatchNative(fd, path, mask) >= 0;
}
