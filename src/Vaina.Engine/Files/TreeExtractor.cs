using System.Formats.Tar;
using Microsoft.Win32.SafeHandles;
using Vaina.Linux;

namespace Vaina.Engine.Files;

/// <summary>
/// Extracts a tar stream into a directory of an <see cref="InRootDirectory"/>. Every member's parent is looked
/// up inside the root (a symlink in the container, or one the archive itself created, can lead anywhere in the
/// root but never out of it) and pinned by an fd; the member itself is created there without following
/// anything (O_EXCL|O_NOFOLLOW, symlink, mknod, lchown, utimensat NOFOLLOW, fchmod on our own fd).
/// </summary>
public sealed class TreeExtractor
{
    private const uint TypeCharDevice = 0x2000, TypeBlockDevice = 0x6000, TypeFifo = 0x1000;
    private readonly InRootDirectory root;
    private readonly TreeExtractorOptions options;
    private readonly List<(string Relative, TarEntry Entry)> directories = [];

    // Directories this extraction made: nothing can be in them yet but what the archive put there.
    private readonly HashSet<string> created = new(StringComparer.Ordinal);
    private readonly byte[] buffer = new byte[1 << 16];
    private string destination = string.Empty;

    // The parent of the previous member, still pinned: an archive lists a directory's members one after another.
    private PinnedDirectory? lastParent;
    private bool parentRemoved;

    public TreeExtractor(InRootDirectory root, TreeExtractorOptions options)
    {
        this.root = root;
        this.options = options;
    }

    /// <summary>Extracts <paramref name="tar"/> below <paramref name="destination"/> (relative to the root, must be a directory).</summary>
    public void Extract(string destination, Stream tar, CancellationToken ct = default)
    {
        this.destination = destination;
        try
        {
            ExtractMembers(tar, ct);
        }
        finally
        {
            lastParent?.Dispose();
            lastParent = null;
        }

        // Directory modes and times last, deepest first, so writing children did not change them.
        for (int i = directories.Count - 1; i >= 0; i--)
        {
            var (relative, entry) = directories[i];
            using var parent = root.OpenDirectory(Parent(relative));
            string leaf = Leaf(relative);
            using (var handle = parent.OpenChild(leaf, Interop.OpenReadOnly | Interop.OpenDirectory, 0))
            {
                File.SetUnixFileMode(handle, (UnixFileMode)((uint)entry.Mode & 0xFFF));
            }

            Interop.SetFileTimesNoFollow(parent.Child(leaf), entry.ModificationTime, entry.ModificationTime);
        }
    }

    private void ExtractMembers(Stream tar, CancellationToken ct)
    {
        using (var reader = new TarReader(tar, leaveOpen: true))
        {
            TarEntry? entry;
            while ((entry = reader.GetNextEntry()) is not null)
            {
                ct.ThrowIfCancellationRequested();
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                string name = MemberName(entry.Name);
                if (name.Length == 0)
                {
                    continue;
                }

                Write(Join(destination, name), entry);
                if (parentRemoved)
                {
                    lastParent?.Dispose();
                    lastParent = null;
                    parentRemoved = false;
                }
            }
        }
    }

    /// <summary>The member name cleaned (no leading "/" or "./", ".." clamped) with the rename applied.</summary>
    private string MemberName(string name)
    {
        string clean = InRootDirectory.Normalize(name);
        if (clean.Length == 0 || options.Rename.Count == 0)
        {
            return clean;
        }

        int slash = clean.IndexOf('/', StringComparison.Ordinal);
        string head = slash < 0 ? clean : clean[..slash];
        return options.Rename.TryGetValue(head, out string? renamed) ? renamed + (slash < 0 ? string.Empty : clean[slash..]) : clean;
    }

    /// <summary>The pinned parent directory of a member, made first when missing; the previous member's when the same.</summary>
    private PinnedDirectory ParentOf(string parentRelative)
    {
        if (lastParent is not null && lastParent.Relative == parentRelative)
        {
            return lastParent;
        }

        lastParent?.Dispose();
        lastParent = null;
        EnsureDirectory(parentRelative);
        lastParent = root.OpenDirectory(parentRelative);
        return lastParent;
    }

    private void Write(string relative, TarEntry entry)
    {
        string parentRelative = Parent(relative);
        var parent = ParentOf(parentRelative);
        string leaf = Leaf(relative);
        string path = parent.Child(leaf);
        bool isFile = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

        // A new file in a directory made by this extraction: named only when complete (O_TMPFILE), no lookup first.
        if (isFile && created.Contains(parentRelative) && TryWriteAnonymousFile(parent, leaf, relative, entry))
        {
            return;
        }

        bool exists = Interop.TryGetFileStatus(path, out var existing);
        bool isDirectory = entry.EntryType == TarEntryType.Directory;
        if (exists && existing.IsDirectory != isDirectory && !options.OverwriteDirectoryWithNonDirectory)
        {
            string shown = "/" + relative;
            throw new VainaException(existing.IsDirectory
                ? $"copier: put: error creating file at \"{shown}\": open {shown}: file exists"
                : $"copier: put: error creating directory at \"{shown}\": mkdir {shown}: not a directory");
        }

        if (exists && !(existing.IsDirectory && isDirectory) && !(isFile && !existing.IsDirectory))
        {
            Remove(path, existing);

            // A removed directory may be the pinned parent of the next members: find it again then.
            parentRemoved |= existing.IsDirectory;
        }

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (!exists || !existing.IsDirectory)
                {
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    created.Add(relative);
                }

                directories.Add((relative, entry));
                SetOwner(path, entry);
                ApplyXattrs(path, entry);
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                if (exists || !TryWriteAnonymousFile(parent, leaf, relative, entry))
                {
                    WriteFile(parent, path, relative, entry);
                }

                return;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                string target = MemberName(entry.LinkName);
                using (var targetParent = root.OpenDirectory(Parent(Join(destination, target))))
                {
                    Interop.Link(targetParent.Child(Leaf(target)), path);
                }

                return;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice when entry is PosixTarEntry:
                if (options.IgnoreDevices)
                {
                    return;
                }

                Interop.Mknod(path, (entry.EntryType == TarEntryType.CharacterDevice ? TypeCharDevice : TypeBlockDevice) | ((uint)entry.Mode & 0xFFF), (uint)((PosixTarEntry)entry).DeviceMajor, (uint)((PosixTarEntry)entry).DeviceMinor);
                break;
            case TarEntryType.Fifo:
                Interop.Mknod(path, TypeFifo | ((uint)entry.Mode & 0xFFF), 0, 0);
                break;
            default:
                return;
        }

        SetOwner(path, entry);
        Interop.SetFileTimesNoFollow(path, entry.ModificationTime, entry.ModificationTime);
    }

    /// <summary>
    /// A new regular file is made unnamed (O_TMPFILE) and linked under its name once written, owned, its mode and
    /// times set, so a full disk or an interrupted copy leaves nothing; all of it through the file's own descriptor,
    /// with no path lookup. False (nothing written) when the filesystem cannot make unnamed files, the member has
    /// extended attributes (set by path), or the name exists: <see cref="WriteFile"/> then does it.
    /// </summary>
    private bool TryWriteAnonymousFile(PinnedDirectory parent, string leaf, string relative, TarEntry entry)
    {
        const int exists = 17;
        if (entry is PaxTarEntry { ExtendedAttributes.Count: > 0 } pax && pax.ExtendedAttributes.Keys.Any(k => k.StartsWith("SCHILY.xattr.", StringComparison.Ordinal)))
        {
            return false;
        }

        try
        {
            using var handle = parent.CreateAnonymousFile();
            if (handle is null)
            {
                return false;
            }

            if (entry.DataStream is { } data)
            {
                long offset = 0;
                int read;
                while ((read = data.Read(buffer)) > 0)
                {
                    RandomAccess.Write(handle, buffer.AsSpan(0, read), offset);
                    offset += read;
                }
            }

            int fd = (int)handle.DangerousGetHandle();
            var (uid, gid) = Owner(entry);

            // Owner before mode: chown clears the setuid/setgid bits.
            Interop.Fchown(fd, uid, gid);
            File.SetUnixFileMode(handle, (UnixFileMode)((uint)entry.Mode & 0xFFF));
            Interop.SetFileTimes(fd, entry.ModificationTime, entry.ModificationTime);
            int error = parent.Link(handle, leaf);
            return error == 0 || (error == exists ? false : throw new LinuxException("link", "/" + relative, error));
        }
        catch (Exception e) when (DiskFull.Is(e))
        {
            string shown = "/" + relative;
            throw new VainaException($"copier: put: error writing file \"{shown}\": write {shown}: no space left on device", inner: e);
        }
    }

    /// <summary>
    /// A regular file is written under a temporary name in its directory and renamed over the destination once
    /// complete, so a full disk or an interrupted copy leaves no half file (and an existing file untouched).
    /// </summary>
    private void WriteFile(PinnedDirectory parent, string path, string relative, TarEntry entry)
    {
        string temp = $".vaina-cp-{Guid.NewGuid():N}";
        string tempPath = parent.Child(temp);
        try
        {
            using (SafeFileHandle handle = parent.OpenChild(temp, Interop.OpenReadWrite | Interop.OpenCreate | 0x80 /* O_EXCL */, 0x180 /* 0600 */))
            {
                using var stream = new FileStream(handle, FileAccess.ReadWrite, 1 << 16);
                entry.DataStream?.CopyTo(stream);
                stream.Flush();

                // Owner before mode: chown clears the setuid/setgid bits; xattrs after it: chown clears file capabilities.
                SetOwner(tempPath, entry);
                File.SetUnixFileMode(handle, (UnixFileMode)((uint)entry.Mode & 0xFFF));
            }

            ApplyXattrs(tempPath, entry);
            Interop.SetFileTimesNoFollow(tempPath, entry.ModificationTime, entry.ModificationTime);
            File.Move(tempPath, path, overwrite: true);
        }
        catch (Exception e)
        {
            File.Delete(tempPath);
            if (DiskFull.Is(e))
            {
                string shown = "/" + relative;
                throw new VainaException($"copier: put: error writing file \"{shown}\": write {shown}: no space left on device", inner: e);
            }

            throw;
        }
    }

    private static void ApplyXattrs(string path, TarEntry entry)
    {
        if (entry is PaxTarEntry pax && pax.ExtendedAttributes.Count > 0)
        {
            CopiedXattrs.Apply(path, pax.ExtendedAttributes);
        }
    }

    private void SetOwner(string path, TarEntry entry)
    {
        var (uid, gid) = Owner(entry);
        Interop.Lchown(path, uid, gid);
    }

    private (uint Uid, uint Gid) Owner(TarEntry entry)
    {
        var (uid, gid) = options.Owner ?? ((uint)entry.Uid, (uint)entry.Gid);
        return options.IdMap is { } map ? map.ToHost(uid, gid) : (uid, gid);
    }

    /// <summary>
    /// Creates missing directories of <paramref name="relative"/> one by one, each looked up inside the root; a
    /// symlink to a missing directory gets its target created (inside the root), as `mkdir -p` through it would.
    /// </summary>
    private void EnsureDirectory(string relative, int depth = 0)
    {
        if (relative.Length == 0 || root.Resolve(relative, out string? dangling) is not null)
        {
            return;
        }

        if (dangling is not null && depth < 40)
        {
            EnsureDirectory(dangling, depth + 1);
            return;
        }

        EnsureDirectory(Parent(relative), depth + 1);
        if (root.Resolve(relative, out dangling) is not null)
        {
            return;
        }

        if (dangling is not null && depth < 40)
        {
            EnsureDirectory(dangling, depth + 1);
            return;
        }

        using var parent = root.OpenDirectory(Parent(relative));
        string path = parent.Child(Leaf(relative));
        try
        {
            Directory.CreateDirectory(path, (UnixFileMode)0x1ED /* 0755 */);
            created.Add(relative);
            var (uid, gid) = options.Owner ?? (0u, 0u);
            if (options.IdMap is { } map)
            {
                (uid, gid) = map.ToHost(uid, gid);
            }

            Interop.Lchown(path, uid, gid);
        }
        catch (IOException) when (Interop.TryGetFileStatus(path, out _))
        {
            // Created meanwhile: the next lookup finds it.
        }
    }

    private static void Remove(string path, Interop.FileStatus status)
    {
        if (status.IsDirectory)
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }

    private static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    private static string Parent(string relative)
    {
        int slash = relative.LastIndexOf('/');
        return slash < 0 ? string.Empty : relative[..slash];
    }

    private static string Leaf(string relative) => relative[(relative.LastIndexOf('/') + 1)..];
}
