using System.Formats.Tar;
using System.Text;
using Vaina.Linux;

namespace Vaina.Storage.Layers;

/// <summary>
/// Writes the members of an uncompressed layer tar into a directory that only this applier touches
/// (a temp dir of the store), so checking each path component with lstat is race-free.
/// Never follows a symlink: a member whose parent path contains a symlink is rejected, as is any member,
/// hard link target or relative symlink target that escapes the root (absolute member names are made
/// relative, like containers/storage does). Directory mtimes are set last, after their children.
/// </summary>
public sealed class LayerApplier
{
    private const string WhiteoutPrefix = ".wh.";
    private const string WhiteoutMetaPrefix = ".wh..wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string XattrPaxPrefix = "SCHILY.xattr.";
    private const uint TypeCharDevice = 0x2000, TypeBlockDevice = 0x6000, TypeFifo = 0x1000;
    private const int ErrnoPermission = 1, ErrnoNotSupported = 95, ErrnoInvalid = 22;

    private readonly WhiteoutFormat whiteouts;
    private readonly DeviceNodePolicy devices;
    private readonly bool privileged = OverlayAttributes.Privileged;

    public LayerApplier(WhiteoutFormat whiteouts, DeviceNodePolicy? devices = null)
    {
        this.whiteouts = whiteouts;
        this.devices = devices ?? (OverlayAttributes.Privileged ? DeviceNodePolicy.Create : DeviceNodePolicy.Skip);
    }

    /// <summary>
    /// Extracts <paramref name="tar"/> into <paramref name="root"/> (which must exist). Reads the stream to its end.
    /// Throws VainaException for a malicious or unsupported member; the caller discards the directory then.
    /// </summary>
    public void Apply(string root, Stream tar, CancellationToken cancellationToken = default)
    {
        var run = new Run(this, Path.GetFullPath(root).TrimEnd('/'));
        using (var reader = new TarReader(tar, leaveOpen: true))
        {
            TarEntry? entry;
            while ((entry = reader.GetNextEntry()) is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                run.Write(entry);
            }
        }

        run.FinishDirectories();
    }

    /// <summary>
    /// The member name made relative to the root the way containers/storage does it (Go's filepath.Clean, then
    /// joined with the root): a rooted name cannot climb above "/", a relative one that does is a breakout.
    /// Returns "" for the root itself.
    /// </summary>
    public static string NormalizeMemberPath(string name)
    {
        bool rooted = name.StartsWith('/');
        var parts = new List<string>();
        foreach (string part in name.Split('/'))
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
                else if (!rooted)
                {
                    throw new VainaException($"invalid layer: path \"{name}\" escapes the root");
                }

                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    private sealed class Run
    {
        private readonly LayerApplier owner;
        private readonly string root;
        private readonly HashSet<string> verifiedDirectories = new(StringComparer.Ordinal) { string.Empty };
        private readonly HashSet<string> written = new(StringComparer.Ordinal);
        private readonly List<(string Path, DateTimeOffset Time)> directoryTimes = [];

        // Decompressors hand out a few KiB per read (gzip: its 8 KiB input buffer's worth); filling this buffer
        // before each write turns ~14 KiB pwrites into 256 KiB ones (a 200 MB layer: 14k syscalls -> 800).
        private byte[]? copyBuffer;

        public Run(LayerApplier owner, string root)
        {
            this.owner = owner;
            this.root = root;
        }

        private void CopyFilled(Stream source, Stream destination)
        {
            byte[] buffer = copyBuffer ??= new byte[1 << 18];
            while (true)
            {
                int filled = 0, read;
                while (filled < buffer.Length && (read = source.Read(buffer, filled, buffer.Length - filled)) > 0)
                {
                    filled += read;
                }

                if (filled > 0)
                {
                    destination.Write(buffer, 0, filled);
                }

                if (filled < buffer.Length)
                {
                    return;
                }
            }
        }

        public void Write(TarEntry entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            {
                return;
            }

            string rel = NormalizeMemberPath(entry.Name);
            if (rel.Length == 0)
            {
                if (entry.EntryType == TarEntryType.Directory)
                {
                    SetMetadata(root, entry, isSymlink: false, isDirectory: true);
                    directoryTimes.Add((root, entry.ModificationTime));
                }

                return;
            }

            int slash = rel.LastIndexOf('/');
            string parentRel = slash < 0 ? string.Empty : rel[..slash];
            string baseName = slash < 0 ? rel : rel[(slash + 1)..];
            EnsureDirectory(parentRel, entry.Name, create: true);

            if (baseName.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                WriteWhiteout(entry.Name, parentRel, baseName);
                return;
            }

            string path = Full(rel);
            TarEntryType type = entry.EntryType;
            if (type is (TarEntryType.V7RegularFile or TarEntryType.RegularFile) && entry.Name.EndsWith('/'))
            {
                // Old tars mark directories only by the trailing slash (Go's archive/tar does the same).
                type = TarEntryType.Directory;
            }

            switch (type)
            {
                case TarEntryType.Directory:
                    bool exists = Interop.TryGetFileStatus(path, out Interop.FileStatus existing);
                    if (exists && !existing.IsDirectory)
                    {
                        RemoveExisting(rel);
                    }

                    if (!exists || !existing.IsDirectory)
                    {
                        Directory.CreateDirectory(path);
                    }

                    verifiedDirectories.Add(rel);
                    SetMetadata(path, entry, isSymlink: false, isDirectory: true);
                    directoryTimes.Add((path, entry.ModificationTime));
                    break;

                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    RemoveExisting(rel);
                    var options = new FileStreamOptions
                    {
                        Mode = FileMode.CreateNew,
                        Access = FileAccess.Write,
                        Share = FileShare.None,
                        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                        BufferSize = 0,
                    };
                    using (var output = new FileStream(path, options))
                    {
                        if (entry.DataStream is { } data)
                        {
                            CopyFilled(data, output);
                        }
                    }

                    SetMetadata(path, entry, isSymlink: false);
                    break;

                case TarEntryType.SymbolicLink:
                    CheckSymlinkTarget(entry, parentRel);
                    RemoveExisting(rel);
                    File.CreateSymbolicLink(path, entry.LinkName);
                    SetMetadata(path, entry, isSymlink: true);
                    break;

                case TarEntryType.HardLink:
                    WriteHardLink(entry, rel, path);
                    break;

                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                    if (owner.devices == DeviceNodePolicy.Reject)
                    {
                        throw new VainaException($"invalid layer: device node \"{entry.Name}\" is not permitted");
                    }

                    if (owner.devices == DeviceNodePolicy.Skip)
                    {
                        return;
                    }

                    RemoveExisting(rel);
                    var posix = (PosixTarEntry)entry;
                    Interop.Mknod(
                        path,
                        (entry.EntryType == TarEntryType.CharacterDevice ? TypeCharDevice : TypeBlockDevice) | 0x180,
                        (uint)posix.DeviceMajor,
                        (uint)posix.DeviceMinor);
                    SetMetadata(path, entry, isSymlink: false);
                    break;

                case TarEntryType.Fifo:
                    RemoveExisting(rel);
                    Interop.Mknod(path, TypeFifo | 0x180, 0, 0);
                    SetMetadata(path, entry, isSymlink: false);
                    break;

                default:
                    throw new VainaException($"invalid layer: unsupported tar entry type {entry.EntryType} for \"{entry.Name}\"");
            }

            written.Add(rel);
        }

        public void FinishDirectories()
        {
            // Deepest first, so setting a child's time cannot disturb its parent's afterwards.
            directoryTimes.Sort((a, b) => string.CompareOrdinal(b.Path, a.Path));
            foreach ((string path, DateTimeOffset time) in directoryTimes)
            {
                if (Interop.TryGetFileStatus(path, out Interop.FileStatus status) && status.IsDirectory)
                {
                    Interop.SetFileTimesNoFollow(path, time, time);
                }
            }
        }

        private string Full(string rel) => rel.Length == 0 ? root : root + "/" + rel;

        /// <summary>
        /// Makes sure every component of <paramref name="rel"/> is a real directory (not a symlink), creating
        /// missing ones (0755) when asked. Rejects the member otherwise.
        /// </summary>
        private bool EnsureDirectory(string rel, string memberName, bool create)
        {
            if (verifiedDirectories.Contains(rel))
            {
                return true;
            }

            string[] parts = rel.Split('/');
            string current = string.Empty;
            foreach (string part in parts)
            {
                current = current.Length == 0 ? part : current + "/" + part;
                if (verifiedDirectories.Contains(current))
                {
                    continue;
                }

                string full = Full(current);
                if (!Interop.TryGetFileStatus(full, out Interop.FileStatus status))
                {
                    if (!create)
                    {
                        return false;
                    }

                    Directory.CreateDirectory(full);
                    written.Add(current);
                }
                else if (status.IsSymlink)
                {
                    throw new VainaException($"invalid layer: \"{memberName}\" would be written through the symlink \"/{current}\"");
                }
                else if (!status.IsDirectory)
                {
                    throw new VainaException($"invalid layer: \"{memberName}\": \"/{current}\" is not a directory");
                }

                verifiedDirectories.Add(current);
            }

            return true;
        }

        private void WriteWhiteout(string memberName, string parentRel, string baseName)
        {
            if (baseName == OpaqueMarker)
            {
                string directory = Full(parentRel);
                if (owner.whiteouts == WhiteoutFormat.Overlay)
                {
                    Interop.Lsetxattr(directory, OverlayAttributes.Opaque, "y"u8);
                }
                else
                {
                    RemoveNotWritten(parentRel);
                }

                return;
            }

            if (baseName.StartsWith(WhiteoutMetaPrefix, StringComparison.Ordinal))
            {
                // Other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs) carries nothing for us.
                return;
            }

            string name = baseName[WhiteoutPrefix.Length..];
            if (name.Length == 0 || name == "." || name == "..")
            {
                throw new VainaException($"invalid layer: bad whiteout \"{memberName}\"");
            }

            string rel = parentRel.Length == 0 ? name : parentRel + "/" + name;
            RemoveExisting(rel);
            if (owner.whiteouts == WhiteoutFormat.Overlay)
            {
                string path = Full(rel);
                Interop.Mknod(path, TypeCharDevice, 0, 0);
                written.Add(rel);
            }
        }

        private void WriteHardLink(TarEntry entry, string rel, string path)
        {
            string targetRel = NormalizeMemberPath(entry.LinkName);
            int slash = targetRel.LastIndexOf('/');
            string targetParent = slash < 0 ? string.Empty : targetRel[..slash];
            if (targetRel.Length == 0
                || !EnsureDirectory(targetParent, entry.Name, create: false)
                || !Interop.TryGetFileStatus(Full(targetRel), out Interop.FileStatus target))
            {
                throw new VainaException($"invalid layer: hard link \"{entry.Name}\" to \"{entry.LinkName}\": target not found in the layer");
            }

            if (target.IsDirectory)
            {
                throw new VainaException($"invalid layer: hard link \"{entry.Name}\" to directory \"{entry.LinkName}\"");
            }

            if (targetRel == rel)
            {
                return;
            }

            RemoveExisting(rel);
            Interop.Link(Full(targetRel), path);
        }

        private static void CheckSymlinkTarget(TarEntry entry, string parentRel)
        {
            // Same rule as containers/storage: a relative target must stay inside the root; absolute ones
            // are resolved against the container's root at run time and are harmless.
            if (entry.LinkName.StartsWith('/'))
            {
                return;
            }

            string combined = parentRel.Length == 0 ? entry.LinkName : parentRel + "/" + entry.LinkName;
            try
            {
                NormalizeMemberPath(combined);
            }
            catch (VainaException)
            {
                throw new VainaException($"invalid layer: symlink \"{entry.Name}\" -> \"{entry.LinkName}\" escapes the root");
            }
        }

        /// <summary>Removes whatever is at <paramref name="rel"/> (recursively for a directory), never following symlinks.</summary>
        private void RemoveExisting(string rel)
        {
            string path = Full(rel);
            if (!Interop.TryGetFileStatus(path, out Interop.FileStatus status))
            {
                return;
            }

            if (status.IsDirectory)
            {
                Directory.Delete(path, recursive: true);
                string prefix = rel + "/";
                verifiedDirectories.RemoveWhere(d => d == rel || d.StartsWith(prefix, StringComparison.Ordinal));
            }
            else
            {
                File.Delete(path);
            }
        }

        /// <summary>vfs opaque directory: drop everything below it that this layer did not write.</summary>
        private void RemoveNotWritten(string directoryRel)
        {
            string directory = Full(directoryRel);
            foreach (string child in Directory.EnumerateFileSystemEntries(directory))
            {
                string name = Path.GetFileName(child);
                string childRel = directoryRel.Length == 0 ? name : directoryRel + "/" + name;
                if (!written.Contains(childRel))
                {
                    RemoveExisting(childRel);
                }
                else if (Interop.TryGetFileStatus(child, out Interop.FileStatus status) && status.IsDirectory)
                {
                    RemoveNotWritten(childRel);
                }
            }
        }

        private void SetMetadata(string path, TarEntry entry, bool isSymlink, bool isDirectory = false)
        {
            try
            {
                Interop.Lchown(path, (uint)entry.Uid, (uint)entry.Gid);
            }
            catch (LinuxException e) when (!owner.privileged && e.Errno is ErrnoPermission or ErrnoInvalid)
            {
                // Unprivileged without a mapping for this id: keep our own ownership.
            }

            if (!isSymlink)
            {
                // After chown, which clears setuid/setgid.
                File.SetUnixFileMode(path, entry.Mode);
            }

            if (entry is PaxTarEntry pax)
            {
                foreach (KeyValuePair<string, string> attribute in pax.ExtendedAttributes)
                {
                    if (!attribute.Key.StartsWith(XattrPaxPrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string name = attribute.Key[XattrPaxPrefix.Length..];
                    if (OverlayAttributes.IsOverlayPrivate(name))
                    {
                        // Overlay's own metadata is never taken from an image.
                        continue;
                    }

                    try
                    {
                        Interop.Lsetxattr(path, name, Encoding.UTF8.GetBytes(attribute.Value));
                    }
                    catch (LinuxException e) when (e.Errno is ErrnoNotSupported or ErrnoPermission
                        && (name.StartsWith("security.", StringComparison.Ordinal) || (!owner.privileged && name.StartsWith("trusted.", StringComparison.Ordinal))))
                    {
                    }
                }
            }

            if (!isDirectory)
            {
                Interop.SetFileTimesNoFollow(path, entry.ModificationTime, entry.ModificationTime);
            }
        }
    }
}
