using Vaina.Linux;

namespace Vaina.Engine.System;

/// <summary>Apparent size of a tree (as `du -sb`): every inode counted once, symlinks not followed, other filesystems' mounts skipped.</summary>
public static class DirectorySize
{
    public static long Of(string path)
    {
        if (!Interop.TryGetFileStatus(path, out var top))
        {
            return 0;
        }

        var seen = new HashSet<(uint, uint, ulong)>();
        return Walk(path, top, seen);
    }

    private static long Walk(string path, Interop.FileStatus status, HashSet<(uint, uint, ulong)> seen)
    {
        if (!seen.Add((status.DevMajor, status.DevMinor, status.Inode)))
        {
            return 0;
        }

        long total = status.Size;
        if (!status.IsDirectory)
        {
            return total;
        }

        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateFileSystemEntries(path).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return total;
        }

        foreach (var child in children)
        {
            if (Interop.TryGetFileStatus(child, out var st) && st.DevMajor == status.DevMajor && st.DevMinor == status.DevMinor)
            {
                total += Walk(child, st, seen);
            }
        }

        return total;
    }
}
