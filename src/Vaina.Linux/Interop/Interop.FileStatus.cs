using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>The parts of statx(2) that storage code needs (lstat semantics unless asked to follow).</summary>
    public readonly record struct FileStatus(
        uint Mode,
        uint Uid,
        uint Gid,
        uint LinkCount,
        ulong Inode,
        long Size,
        uint RdevMajor,
        uint RdevMinor,
        uint DevMajor,
        uint DevMinor,
        long MtimeSeconds,
        uint MtimeNanoseconds)
    {
        public uint FileType => Mode & 0xF000;

        public bool IsDirectory => FileType == 0x4000;

        public bool IsSymlink => FileType == 0xA000;

        public bool IsRegularFile => FileType == 0x8000;

        public bool IsCharacterDevice => FileType == 0x2000;

        public bool IsBlockDevice => FileType == 0x6000;

        public bool IsFifo => FileType == 0x1000;

        /// <summary>Permission bits including setuid, setgid and sticky.</summary>
        public uint Permissions => Mode & 0xFFF;
    }

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxForFileStatus(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// statx of <paramref name="path"/>; false when it does not exist (ENOENT/ENOTDIR).
    /// statx is used because its layout is identical on every architecture.
    /// </summary>
    public static unsafe bool TryGetFileStatus(string path, out FileStatus status, bool followSymlinks = false)
    {
        byte* b = stackalloc byte[256];
        const int atFdCwd = -100, atSymlinkNoFollow = 0x100;
        const uint basicStats = 0x7ff;
        if (StatxForFileStatus(atFdCwd, path, followSymlinks ? 0 : atSymlinkNoFollow, basicStats, b) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20)
            {
                status = default;
                return false;
            }

            throw new LinuxException("statx", path, errno);
        }

        status = FromStatx(b);
        return true;
    }

    /// <summary>The fields of a filled <c>struct statx</c> (the kernel's fixed offsets).</summary>
    private static unsafe FileStatus FromStatx(byte* b) => new FileStatus(
            Mode: *(ushort*)(b + 28),
            Uid: *(uint*)(b + 20),
            Gid: *(uint*)(b + 24),
            LinkCount: *(uint*)(b + 16),
            Inode: *(ulong*)(b + 32),
            Size: *(long*)(b + 40),
            RdevMajor: *(uint*)(b + 128),
            RdevMinor: *(uint*)(b + 132),
            DevMajor: *(uint*)(b + 136),
            DevMinor: *(uint*)(b + 140),
            MtimeSeconds: *(long*)(b + 112),
            MtimeNanoseconds: *(uint*)(b + 120));

    /// <summary>statx of <paramref name="path"/>, throwing when it does not exist.</summary>
    public static FileStatus GetFileStatus(string path, bool followSymlinks = false)
        => TryGetFileStatus(path, out FileStatus status, followSymlinks)
            ? status
            : throw new LinuxException("statx", path, 2);
}
