using Vaina.Build.Context;
using Vaina.Linux;

namespace Vaina.Engine.Build;

/// <summary>
/// COPY/ADD into a stage's rootfs as Docker and buildah do: a directory source copies its contents, several sources or
/// a destination ending in '/' make the destination a directory, missing parents are created (0755, root). Every
/// destination path is resolved inside the rootfs (its symlinks cannot lead out), an existing non-directory target is
/// replaced rather than written through. Modes and modification times are kept; the owner is <see cref="Owner"/>
/// (--chown, root for the build context) or, when null, the source's (COPY --from).
/// </summary>
public sealed class RootfsCopier
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1ED; // 0755

    public required string Rootfs { get; init; }

    /// <summary>uid:gid for every copied entry; null keeps the source's.</summary>
    public (uint Uid, uint Gid)? Owner { get; init; }

    /// <summary>--chmod: the mode of every copied entry.</summary>
    public UnixFileMode? Mode { get; init; }

    /// <summary>Ignore rules of the build context (null for stage and image sources).</summary>
    public IgnoreMatcher? Ignore { get; init; }

    /// <summary>--exclude patterns, relative to each source.</summary>
    public IgnoreMatcher? Exclude { get; init; }

    /// <param name="destination">Absolute path in the container (already joined with WORKDIR); a trailing '/' kept.</param>
    public void Copy(IReadOnlyList<CopySourceMatch> sources, string destination)
    {
        bool intoDirectory = destination.EndsWith('/') || sources.Count > 1;
        string target = RootedPath.Resolve(Rootfs, destination);
        if (intoDirectory || sources.Any(s => s.IsDirectory))
        {
            MakeDirectories(destination);
        }
        else
        {
            MakeDirectories(Path.GetDirectoryName(destination.TrimEnd('/')) ?? "/");
        }

        foreach (var source in sources)
        {
            if (source.IsDirectory)
            {
                CopyDirectory(source.FullPath, target, source.RelativePath, "");
            }
            else
            {
                string name = Path.GetFileName(source.FullPath);
                string file = intoDirectory || Directory.Exists(target) ? Path.Combine(target, name) : target;
                CopyFile(source.FullPath, file);
            }
        }
    }

    /// <summary>Writes <paramref name="content"/> as a file (COPY heredoc sources).</summary>
    public void WriteFile(string destination, string content)
    {
        MakeDirectories(Path.GetDirectoryName(destination) ?? "/");
        string target = RootedPath.Resolve(Rootfs, destination);
        RemoveNonDirectory(target);
        File.WriteAllText(target, content);
        File.SetUnixFileMode(target, Mode ?? (UnixFileMode)0x1A4); // 0644
        var (uid, gid) = Owner ?? (0u, 0u);
        Interop.Lchown(target, uid, gid);
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents inside the rootfs (root-owned, 0755).</summary>
    public void MakeDirectories(string path)
    {
        string current = "/";
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current == "/" ? "/" + part : current + "/" + part;
            string host = RootedPath.Resolve(Rootfs, current);
            if (Directory.Exists(host))
            {
                continue;
            }

            RemoveNonDirectory(host);
            Directory.CreateDirectory(host, DirectoryMode);
            File.SetUnixFileMode(host, DirectoryMode);
        }
    }

    private void CopyDirectory(string sourceDir, string targetDir, string sourceRelative, string relative)
    {
        string from = relative.Length == 0 ? sourceDir : Path.Combine(sourceDir, relative);
        string to = relative.Length == 0 ? targetDir : Path.Combine(targetDir, relative);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            string rel = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            string contextRel = sourceRelative.Length == 0 ? rel : sourceRelative + "/" + rel;
            bool excluded = (Ignore?.IsExcluded(contextRel) ?? false) || (Exclude?.IsExcluded(rel) ?? false);
            bool isDir = entry is DirectoryInfo && entry.LinkTarget is null;
            if (excluded && !(isDir && ((Ignore?.HasExclusions ?? false) || (Exclude?.HasExclusions ?? false))))
            {
                continue;
            }

            string target = Path.Combine(to, entry.Name);
            if (isDir)
            {
                if (!Directory.Exists(target) || new FileInfo(target).LinkTarget is not null)
                {
                    RemoveNonDirectory(target);
                    Directory.CreateDirectory(target);
                }

                CopyDirectory(sourceDir, targetDir, sourceRelative, rel);
                if (!excluded)
                {
                    CopyMetadata(entry.FullName, target);
                }
            }
            else if (!excluded)
            {
                CopyFile(entry.FullName, target);
            }
        }
    }

    private void CopyFile(string source, string target)
    {
        RemoveNonDirectory(target);
        var st = Interop.GetFileStatus(source);
        if (st.IsSymlink)
        {
            File.CreateSymbolicLink(target, new FileInfo(source).LinkTarget ?? string.Empty);
        }
        else if (st.IsRegularFile)
        {
            File.Copy(source, target, overwrite: false);
        }
        else
        {
            return; // devices, fifos and sockets of a context are not copied
        }

        CopyMetadata(source, target);
    }

    private void CopyMetadata(string source, string target)
    {
        var st = Interop.GetFileStatus(source);
        var (uid, gid) = Owner ?? (st.Uid, st.Gid);
        Interop.Lchown(target, uid, gid);
        if (!st.IsSymlink)
        {
            File.SetUnixFileMode(target, Mode ?? (UnixFileMode)(st.Mode & 0xFFF));
        }

        var mtime = DateTimeOffset.FromUnixTimeSeconds(st.MtimeSeconds).AddTicks(st.MtimeNanoseconds / 100);
        Interop.SetFileTimesNoFollow(target, mtime, mtime);
    }

    private static void RemoveNonDirectory(string path)
    {
        if (Interop.TryGetFileStatus(path, out var st) && !st.IsDirectory)
        {
            File.Delete(path);
        }
    }

    /// <summary>Parses --chmod (octal).</summary>
    public static UnixFileMode? ParseMode(string? chmod)
    {
        if (string.IsNullOrEmpty(chmod))
        {
            return null;
        }

        try
        {
            return (UnixFileMode)Convert.ToInt32(chmod, 8);
        }
        catch (FormatException)
        {
            throw new VainaException($"invalid chmod value \"{chmod}\"");
        }
        catch (ArgumentException)
        {
            throw new VainaException($"invalid chmod value \"{chmod}\"");
        }
    }
}
