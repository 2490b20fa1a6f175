using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    private const long SysOpenTree = 428;
    private const long SysMoveMount = 429;
    private const long SysMountSetattr = 442;
    private const uint OpenTreeClone = 1;
    private const uint OpenTreeCloexec = 0x80000;
    private const uint AtEmptyPath = 0x1000;
    private const uint AtRecursive = 0x8000;
    private const ulong MountAttrIdmap = 0x00100000;
    private const uint MoveMountFromEmptyPath = 0x4;

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttributes
    {
        public ulong AttrSet;
        public ulong AttrClear;
        public ulong Propagation;
        public ulong UsernsFd;
    }

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallOpenTree(long number, int dirFd, string path, uint flags);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallMountSetattr(long number, int dirFd, string path, uint flags, ref MountAttributes attributes, nuint size);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallMoveMount(long number, int fromDirFd, string fromPath, int toDirFd, string toPath, uint flags);

    /// <summary>
    /// Attaches at <paramref name="target"/> a copy of the mount tree at <paramref name="source"/> whose files
    /// appear with their ids mapped through the user namespace <paramref name="userNamespaceFd"/>
    /// (open_tree + mount_setattr(MOUNT_ATTR_IDMAP) + move_mount; Linux 5.12, needs CAP_SYS_ADMIN over the
    /// filesystem's own user namespace).
    /// </summary>
    public static void MountIdmapped(string source, string target, int userNamespaceFd)
    {
        long tree = SyscallOpenTree(SysOpenTree, AtFdCwd, source, OpenTreeClone | OpenTreeCloexec | AtRecursive);
        if (tree < 0)
        {
            throw LinuxException.FromLastError("open_tree", source);
        }

        try
        {
            var attributes = new MountAttributes { AttrSet = MountAttrIdmap, UsernsFd = (ulong)userNamespaceFd };
            if (SyscallMountSetattr(SysMountSetattr, (int)tree, string.Empty, AtEmptyPath | AtRecursive, ref attributes, (nuint)Marshal.SizeOf<MountAttributes>()) < 0)
            {
                throw LinuxException.FromLastError("mount_setattr", source);
            }

            if (SyscallMoveMount(SysMoveMount, (int)tree, string.Empty, AtFdCwd, target, MoveMountFromEmptyPath) < 0)
            {
                throw LinuxException.FromLastError("move_mount", target);
            }
        }
        finally
        {
            Close((int)tree);
        }
    }
}
