using System.Globalization;
using Vaina.Linux;

namespace Vaina.Engine.Files;

/// <summary>
/// A host directory that acts as "/" for every path looked up through it (a container's rootfs, a volume, or a
/// destination directory on the host). Lookups use openat2(RESOLVE_IN_ROOT): "..", absolute symlinks and
/// relative symlinks are all resolved by the kernel as if the directory were the root, so no path, however its
/// symlinks are laid out, reaches outside it, and a running container cannot race us out of it either.
/// Operations on an entry go through <c>/proc/self/fd/PARENT/NAME</c>: the parent is pinned by its fd and the
/// final name is never followed.
/// </summary>
public sealed class InRootDirectory : IDisposable
{
    private const int ErrnoNotFound = 2, ErrnoNotDirectory = 20, ErrnoLoop = 40;
    private const ulong InRoot = Interop.ResolveInRoot | Interop.ResolveNoMagicLinks;
    private readonly int fd;

    public InRootDirectory(string hostPath)
    {
        HostPath = hostPath;
        fd = Interop.Openat2(-100, hostPath, Interop.OpenPath | Interop.OpenDirectory | Interop.OpenCloseOnExec, 0, 0);
    }

    /// <summary>The host directory that is "/" for lookups.</summary>
    public string HostPath { get; }

    /// <summary>
    /// Resolves <paramref name="path"/> (absolute or relative to the root) following every symlink inside the
    /// root. Returns the resolved path relative to the root ("" for the root itself) or null when it does not
    /// exist; <paramref name="danglingLink"/> is set when the last component is a symlink to nothing.
    /// </summary>
    public string? Resolve(string path, out string? danglingLink)
    {
        danglingLink = null;
        int opened = Interop.Openat2(fd, Relative(path), Interop.OpenPath | Interop.OpenCloseOnExec, 0, InRoot, throwOnError: false);
        if (opened >= 0)
        {
            try
            {
                return RelativeOf(opened);
            }
            finally
            {
                Interop.Close(opened);
            }
        }

        if (-opened is not (ErrnoNotFound or ErrnoNotDirectory or ErrnoLoop))
        {
            throw new LinuxException("openat2", path, -opened);
        }

        // The last component may be a symlink into nirvana: report where it points (still inside the root).
        int link = Interop.Openat2(fd, Relative(path), Interop.OpenPath | Interop.OpenNoFollow | Interop.OpenCloseOnExec, 0, InRoot, throwOnError: false);
        if (link >= 0)
        {
            try
            {
                string rel = RelativeOf(link);
                if (Interop.GetFileStatus(link).IsSymlink)
                {
                    string parent = Path.GetDirectoryName("/" + rel) ?? "/";
                    string target = new FileInfo(HostPathOf(rel)).LinkTarget ?? string.Empty;
                    danglingLink = Normalize(target.StartsWith('/') ? target : parent + "/" + target);
                }
            }
            finally
            {
                Interop.Close(link);
            }
        }

        return null;
    }

    /// <summary>lstat of a resolved relative path (the final component is not followed).</summary>
    public bool TryStat(string relative, out Interop.FileStatus status)
    {
        int opened = Interop.Openat2(fd, Relative(relative), Interop.OpenPath | Interop.OpenNoFollow | Interop.OpenCloseOnExec, 0, InRoot, throwOnError: false);
        if (opened < 0)
        {
            status = default;
            return false;
        }

        try
        {
            status = Interop.GetFileStatus(opened);
            return true;
        }
        finally
        {
            Interop.Close(opened);
        }
    }

    /// <summary>
    /// Opens the directory <paramref name="relative"/> (symlinks resolved inside the root) and returns a handle
    /// whose <see cref="PinnedDirectory.Child"/> names entries in it without following them.
    /// </summary>
    public PinnedDirectory OpenDirectory(string relative)
    {
        int opened = Interop.Openat2(fd, Relative(relative), Interop.OpenPath | Interop.OpenDirectory | Interop.OpenCloseOnExec, 0, InRoot, throwOnError: false);
        return opened >= 0 ? new PinnedDirectory(opened, relative) : throw new LinuxException("open", "/" + Relative(relative), -opened);
    }

    /// <summary>
    /// Opens <paramref name="relative"/> for reading only when no component of it is a symlink and it stays
    /// below the root, so a container that swaps a directory for a symlink cannot make us read a host file.
    /// </summary>
    public FileStream OpenRead(string relative)
    {
        int opened = Interop.Openat2(fd, Relative(relative), Interop.OpenReadOnly | Interop.OpenNoFollow | Interop.OpenCloseOnExec, 0, Interop.ResolveBeneath | Interop.ResolveNoSymlinks | Interop.ResolveNoMagicLinks);
        var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(opened, ownsHandle: true);
        return new FileStream(handle, FileAccess.Read, 1 << 16);
    }

    /// <summary>The host path of a resolved relative path, for enumeration and reading metadata only.</summary>
    public string HostPathOf(string relative) => relative.Length == 0 ? HostPath : Path.Combine(HostPath, relative);

    public void Dispose() => Interop.Close(fd);

    /// <summary>"/a/../b/" style paths made relative ("b"); ".." never climbs above the root.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    internal static string ProcPath(int descriptor) => "/proc/self/fd/" + descriptor.ToString(CultureInfo.InvariantCulture);

    private static string Relative(string path)
    {
        string normalized = path.TrimStart('/');
        return normalized.Length == 0 ? "." : normalized;
    }

    private string RelativeOf(int opened)
    {
        string real = new FileInfo(ProcPath(opened)).LinkTarget ?? throw new VainaException($"cannot resolve {HostPath}");
        string root = new FileInfo(ProcPath(fd)).LinkTarget ?? HostPath;
        if (real == root)
        {
            return string.Empty;
        }

        string prefix = root.EndsWith('/') ? root : root + "/";
        return real.StartsWith(prefix, StringComparison.Ordinal) ? real[prefix.Length..] : throw new VainaException($"{real} is outside of {root}");
    }
}
