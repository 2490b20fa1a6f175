using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>Owner, group and mode bits of a file, as statx(2) reports them.</summary>
    public readonly record struct FileOwnership(uint Uid, uint Gid, uint Mode);

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8, StatxGid = 0x10;

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxNative(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// Owner of <paramref name="path"/>. statx is used (not stat) because its buffer layout is the same on
    /// every architecture: uid at offset 20, gid at 24, mode (u16) at 28 of a 256-byte struct.
    /// </summary>
    public static unsafe FileOwnership GetFileOwnership(string path, bool followSymlinks = true)
    {
        byte* buffer = stackalloc byte[256];
        int flags = followSymlinks ? 0 : AtSymlinkNoFollow;
        if (StatxNative(AtFdCwd, path, flags, StatxType | StatxMode | StatxUid | StatxGid, buffer) != 0)
        {
            throw LinuxException.FromLastError("statx", path);
        }

        return new FileOwnership(*(uint*)(buffer + 20), *(uint*)(buffer + 24), *(ushort*)(buffer + 28));
    }
}
