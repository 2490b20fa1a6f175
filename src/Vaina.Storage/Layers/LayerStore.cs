using Microsoft.Data.Sqlite;
using Vaina.Linux;
using Vaina.Storage.State;

namespace Vaina.Storage.Layers;

/// <summary>
/// Read-only image layers, identified by their OCI ChainID.
/// overlay: each layer is a standalone diff dir <c>GraphRoot/overlay/HEX/diff</c> (whiteouts as 0/0 char
/// devices, opaque dirs as trusted.overlay.opaque=y) with a short link <c>GraphRoot/overlay/l/NAME</c> ->
/// <c>../HEX/diff</c>, so the layers of one image can be applied in parallel and in any order: only the DB
/// row links a layer to its parent.
/// vfs: each layer is a full tree <c>GraphRoot/vfs/dir/HEX</c> (a copy of the parent's tree plus the changes),
/// so Apply needs the parent: it waits (up to <see cref="ParentWaitTimeout"/>) for the parent to be stored.
/// </summary>
public sealed class LayerStore
{
    private const string ShortLinkAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const int ShortLinkLength = 26;

    private readonly StateDatabase database;
    private readonly Lock sweepLock = new();
    private bool swept;

    public LayerStore(StoreOptions options, StateDatabase database)
    {
        this.database = database;
        Driver = options.Driver;
        if (Driver is not ("overlay" or "vfs"))
        {
            throw new VainaException($"unsupported storage driver \"{Driver}\": use overlay or vfs");
        }

        Root = Driver == "overlay"
            ? Path.Combine(options.GraphRoot, "overlay")
            : Path.Combine(options.GraphRoot, "vfs", "dir");
        LinkRoot = Path.Combine(options.GraphRoot, "overlay", "l");
        LockRoot = Path.Combine(options.GraphRoot, Driver == "overlay" ? "overlay-layers" : "vfs-layers", "locks");
    }

    /// <summary>"overlay" or "vfs".</summary>
    public string Driver { get; }

    /// <summary>Directory holding one subdirectory per layer (and temp dirs named .tmp-*).</summary>
    public string Root { get; }

    /// <summary>overlay: directory of the short links (GraphRoot/overlay/l).</summary>
    public string LinkRoot { get; }

    /// <summary>vfs only: how long Apply waits for the parent layer to appear.</summary>
    public TimeSpan ParentWaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What to do with device nodes in layers; default: create as root, skip otherwise.</summary>
    public DeviceNodePolicy? DeviceNodes { get; set; }

    private string LockRoot { get; }

    /// <summary>
    /// Stores a layer from its uncompressed tar. Idempotent: when the layer (ChainID of parent + diffID) already
    /// exists, returns it without reading the stream. Otherwise extracts into a temp dir, verifies the sha256 of
    /// every byte read against <paramref name="diffId"/> (VainaException "... digest mismatch ..." and nothing
    /// left on failure), then renames into place and inserts the DB row. Concurrent Apply calls of the same
    /// layer (threads or processes) wait for each other; different layers run in parallel.
    /// </summary>
    public LayerRecord Apply(string? parentId, string diffId, Stream uncompressedTar, string? compressedDigest, long compressedSize, CancellationToken ct = default)
    {
        string id = Digest.ChainId(parentId, diffId);
        if (TryGet(id) is { } existing)
        {
            return existing;
        }

        if (Driver == "vfs" && parentId is not null)
        {
            WaitForParent(parentId, ct);
        }

        SweepOnce();
        string hex = Digest.Hex(id);
        using FileLock layerLock = FileLock.AcquireExclusive(Path.Combine(LockRoot, hex + ".lock"), null, ct);
        if (TryGet(id) is { } raced)
        {
            return raced;
        }

        string final = LayerDirectory(id);
        if (Directory.Exists(final))
        {
            // Left by a crash between the rename and the DB insert.
            RemoveLayerFiles(id);
        }

        string temp = Path.Combine(Root, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        string? link = null;
        try
        {
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(temp);
            string tree = temp;
            if (Driver == "overlay")
            {
                tree = Path.Combine(temp, "diff");
                Directory.CreateDirectory(tree);
            }
            else if (parentId is not null)
            {
                TreeCopy.CopyContents(TreePath(parentId), tree, ct);
            }

            using var digesting = new DigestingStream(uncompressedTar);
            var applier = new LayerApplier(Driver == "overlay" ? WhiteoutFormat.Overlay : WhiteoutFormat.Apply, DeviceNodes);
            applier.Apply(tree, digesting, ct);
            digesting.Drain(ct);
            string actual = digesting.CurrentDigest();
            if (actual != diffId)
            {
                throw new VainaException($"layer {diffId}: digest mismatch: the uncompressed data has digest {actual}");
            }

            if (Driver == "overlay")
            {
                link = NewShortLinkName();
                File.WriteAllText(Path.Combine(temp, "link"), link);
            }

            Directory.Move(temp, final);
            if (link is not null)
            {
                Directory.CreateDirectory(LinkRoot);
                File.CreateSymbolicLink(Path.Combine(LinkRoot, link), "../" + hex + "/diff");
            }

            var record = new LayerRecord
            {
                Id = id,
                ParentId = parentId,
                DiffId = diffId,
                Size = digesting.BytesRead,
                CompressedDigest = compressedDigest,
                CompressedSize = compressedSize,
                Created = DateTimeOffset.UtcNow,
                Link = link,
            };
            database.RunInTransaction((connection, transaction) => StateDatabase.Execute(
                connection,
                transaction,
                "INSERT OR IGNORE INTO layers (id, parent_id, diff_id, size, compressed_digest, compressed_size, created, link) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
                record.Id,
                record.ParentId,
                record.DiffId,
                record.Size,
                record.CompressedDigest,
                record.CompressedSize,
                DbTime.Format(record.Created),
                record.Link));
            return record;
        }
        catch
        {
            RemoveTree(temp);
            if (TryGet(id) is null && Directory.Exists(final))
            {
                RemoveLayerFiles(id);
            }

            throw;
        }
    }

    public LayerRecord? TryGet(string id)
        => database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, SelectLayer + " WHERE id = @p0", id);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? ReadLayer(reader) : null;
        });

    /// <summary>The layer; VainaException "layer not known" when missing.</summary>
    public LayerRecord Get(string id) => TryGet(id) ?? throw new VainaException($"{id}: layer not known");

    public bool Exists(string id) => TryGet(id) is not null;

    /// <summary>A stored layer pulled from the blob with this (compressed) digest, to skip a download.</summary>
    public LayerRecord? FindByCompressedDigest(string compressedDigest)
        => database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, SelectLayer + " WHERE compressed_digest = @p0 LIMIT 1", compressedDigest);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? ReadLayer(reader) : null;
        });

    public IReadOnlyList<LayerRecord> List()
        => database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, SelectLayer + " ORDER BY created, id");
            using SqliteDataReader reader = command.ExecuteReader();
            var result = new List<LayerRecord>();
            while (reader.Read())
            {
                result.Add(ReadLayer(reader));
            }

            return result;
        });

    /// <summary>The layer and its ancestors, top first; VainaException when one is missing.</summary>
    public IReadOnlyList<LayerRecord> Chain(string topId)
    {
        var result = new List<LayerRecord>();
        string? current = topId;
        while (current is not null)
        {
            LayerRecord layer = Get(current);
            result.Add(layer);
            current = layer.ParentId;
        }

        return result;
    }

    /// <summary>True when an image, a container layer or a child layer needs the layer.</summary>
    public bool IsInUse(string id) => database.Read(connection => IsReferenced(connection, null, id));

    /// <summary>
    /// Removes a layer nothing references (VainaException otherwise), with the compressed blob it was pulled from
    /// when no other layer came from it. Returns false when it did not exist.
    /// </summary>
    public bool Delete(string id)
    {
        string? orphanBlob = null;
        bool deleted = database.RunInTransaction((connection, transaction) =>
        {
            if (IsReferenced(connection, transaction, id))
            {
                throw new VainaException($"layer {id} is in use by an image, a container or another layer");
            }

            return DeleteRowIfUnreferenced(connection, transaction, id, out orphanBlob);
        });
        if (deleted)
        {
            RemoveLayerFiles(id);
            DeleteBlob(orphanBlob);
        }

        return deleted;
    }

    /// <summary>Set by the store: removes a blob file (the compressed layer blobs kept in the BlobStore).</summary>
    internal Action<string>? BlobRemover { get; set; }

    internal void DeleteBlob(string? digest)
    {
        if (digest is not null && Digest.IsValid(digest))
        {
            BlobRemover?.Invoke(digest);
        }
    }

    /// <summary>overlay: the layer's diff dir.</summary>
    public string DiffPath(string id) => Path.Combine(LayerDirectory(id), "diff");

    /// <summary>vfs: the layer's full tree.</summary>
    public string TreePath(string id) => LayerDirectory(id);

    /// <summary>The layer's content directory for the current driver (diff dir or full tree).</summary>
    public string ContentPath(string id) => Driver == "overlay" ? DiffPath(id) : TreePath(id);

    /// <summary>overlay: path of the layer's short link (GraphRoot/overlay/l/NAME).</summary>
    public string ShortLinkPath(string id)
        => Path.Combine(LinkRoot, Get(id).Link ?? throw new VainaException($"layer {id} has no overlay link"));

    /// <summary>
    /// overlay: lower dirs for a mount of the layer <paramref name="topId"/>, top first, as "l/NAME" relative to
    /// <see cref="Root"/>. A missing short link (someone cleaned GraphRoot/overlay/l) is recreated.
    /// </summary>
    public IReadOnlyList<string> LowerLinks(string topId)
    {
        var result = new List<string>();
        foreach (LayerRecord layer in Chain(topId))
        {
            string link = layer.Link ?? throw new VainaException($"layer {layer.Id} has no overlay link");
            string linkPath = Path.Combine(LinkRoot, link);
            if (!Interop.TryGetFileStatus(linkPath, out _))
            {
                Directory.CreateDirectory(LinkRoot);
                try
                {
                    File.CreateSymbolicLink(linkPath, "../" + Digest.Hex(layer.Id) + "/diff");
                }
                catch (IOException) when (Interop.TryGetFileStatus(linkPath, out _))
                {
                    // Recreated by a concurrent mount.
                }
            }

            result.Add("l/" + link);
        }

        return result;
    }

    /// <summary>
    /// Deletes the layer row if nothing references it (inside the caller's transaction); the caller removes the
    /// files after commit: the layer's and, when <paramref name="orphanBlob"/> is set, the compressed blob it was
    /// pulled from, which no other layer was pulled from.
    /// </summary>
    internal static bool DeleteRowIfUnreferenced(SqliteConnection connection, SqliteTransaction transaction, string id, out string? orphanBlob)
    {
        orphanBlob = null;
        if (IsReferenced(connection, transaction, id))
        {
            return false;
        }

        string? compressed = StateDatabase.Scalar(connection, transaction, "SELECT compressed_digest FROM layers WHERE id = @p0", id) as string;
        if (StateDatabase.Execute(connection, transaction, "DELETE FROM layers WHERE id = @p0", id) == 0)
        {
            return false;
        }

        // One blob can be the source of several layers (the same diff over different parents).
        if (compressed is not null
            && StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM layers WHERE compressed_digest = @p0 LIMIT 1", compressed) is null)
        {
            orphanBlob = compressed;
        }

        return true;
    }

    internal static string? ParentOf(SqliteConnection connection, SqliteTransaction? transaction, string id)
        => StateDatabase.Scalar(connection, transaction, "SELECT parent_id FROM layers WHERE id = @p0", id) as string;

    /// <summary>Removes a layer's directory and short link (after its row is gone).</summary>
    internal void RemoveLayerFiles(string id)
    {
        string directory = LayerDirectory(id);
        string linkFile = Path.Combine(directory, "link");
        if (Driver == "overlay" && File.Exists(linkFile))
        {
            string link = File.ReadAllText(linkFile).Trim();
            if (link.Length == ShortLinkLength && link.All(ShortLinkAlphabet.Contains))
            {
                File.Delete(Path.Combine(LinkRoot, link));
            }
        }

        if (Directory.Exists(directory))
        {
            // Rename first so a half-deleted tree never sits under the layer's name.
            string doomed = Path.Combine(Root, $".tmp-{Environment.ProcessId}-del-{Guid.NewGuid():N}");
            Directory.Move(directory, doomed);
            RemoveTree(doomed);
        }
    }

    private const string SelectLayer = "SELECT id, parent_id, diff_id, size, compressed_digest, compressed_size, created, link FROM layers";

    private static LayerRecord ReadLayer(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ParentId = reader.IsDBNull(1) ? null : reader.GetString(1),
        DiffId = reader.GetString(2),
        Size = reader.GetInt64(3),
        CompressedDigest = reader.IsDBNull(4) ? null : reader.GetString(4),
        CompressedSize = reader.GetInt64(5),
        Created = DbTime.Parse(reader.GetString(6)),
        Link = reader.IsDBNull(7) ? null : reader.GetString(7),
    };

    private static bool IsReferenced(SqliteConnection connection, SqliteTransaction? transaction, string id)
        => StateDatabase.Scalar(
            connection,
            transaction,
            """
            SELECT EXISTS (SELECT 1 FROM image_layers WHERE layer_id = @p0)
                OR EXISTS (SELECT 1 FROM container_layers WHERE parent_layer_id = @p0)
                OR EXISTS (SELECT 1 FROM layers WHERE parent_id = @p0)
            """,
            id) is long value && value != 0;

    private string LayerDirectory(string id) => Path.Combine(Root, Digest.Hex(id));

    private void WaitForParent(string parentId, CancellationToken ct)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!Exists(parentId))
        {
            if (stopwatch.Elapsed > ParentWaitTimeout)
            {
                throw new VainaException($"layer {parentId}: layer not known (vfs needs a layer's parent before the layer)");
            }

            ct.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
            ct.ThrowIfCancellationRequested();
        }
    }

    private static string NewShortLinkName()
    {
        // Kernel random bytes (not RandomNumberGenerator, which loads OpenSSL); bytes at or above the largest
        // multiple of the alphabet's length are redrawn, so every letter stays equally likely.
        int limit = 256 / ShortLinkAlphabet.Length * ShortLinkAlphabet.Length;
        Span<char> name = stackalloc char[ShortLinkLength];
        Span<byte> random = stackalloc byte[ShortLinkLength * 2];
        int used = random.Length;
        for (int i = 0; i < name.Length;)
        {
            if (used == random.Length)
            {
                Interop.GetRandom(random);
                used = 0;
            }

            byte b = random[used++];
            if (b < limit)
            {
                name[i++] = ShortLinkAlphabet[b % ShortLinkAlphabet.Length];
            }
        }

        return new string(name);
    }

    /// <summary>Removes temp dirs (.tmp-PID-*) left by processes that no longer run. Once per store instance.</summary>
    private void SweepOnce()
    {
        lock (sweepLock)
        {
            if (swept)
            {
                return;
            }

            swept = true;
        }

        SweepTempDirectories(Root);
    }

    internal static void SweepTempDirectories(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(root, ".tmp-*"))
        {
            string[] parts = Path.GetFileName(entry).Split('-');
            if (parts.Length >= 3 && int.TryParse(parts[1], out int pid) && pid != Environment.ProcessId && !Directory.Exists("/proc/" + pid))
            {
                try
                {
                    RemoveTree(entry);
                }
                catch (IOException)
                {
                    // Another process sweeping the same entry.
                }
            }
        }
    }

    internal static void RemoveTree(string path)
    {
        if (!Interop.TryGetFileStatus(path, out Interop.FileStatus status))
        {
            return;
        }

        if (status.IsDirectory)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (UnauthorizedAccessException)
            {
                // Read-only directories from an image (mode 0555) under an unprivileged user: open them up.
                foreach (string directory in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
                {
                    File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Directory.Delete(path, recursive: true);
            }
        }
        else
        {
            File.Delete(path);
        }
    }
}
