using Microsoft.Data.Sqlite;
using Vaina.Storage.Blobs;
using Vaina.Storage.Layers;
using Vaina.Storage.State;

namespace Vaina.Storage.Images;

/// <summary>
/// Image records (names, digests, layers) in the state DB, their config and manifest in the BlobStore.
/// Every change is one transaction. Layers are reference-counted: deleting an image deletes each of its
/// layers that no other image, container layer or child layer still needs.
/// </summary>
public sealed class ImageStore
{
    private readonly StateDatabase database;
    private readonly BlobStore blobs;
    private readonly LayerStore layers;

    public ImageStore(StateDatabase database, BlobStore blobs, LayerStore layers)
    {
        this.database = database;
        this.blobs = blobs;
        this.layers = layers;
    }

    /// <summary>
    /// Set by the engine: given an image id (inside the delete transaction), returns the id of a container
    /// that uses the image, or null. Delete refuses while it returns an id.
    /// </summary>
    public Func<SqliteConnection, SqliteTransaction, string, string?>? IsInUse { get; set; }

    /// <summary>
    /// Stores an image in one transaction: the record (merged into an existing one with the same id: names and
    /// digests added, manifest and pull time updated), its layer list (every layer must already be stored), and
    /// its names. A name held by another image moves to this one; the other image keeps its other names or
    /// becomes dangling (&lt;none&gt;), as in Podman. The config bytes must hash to Id, the manifest bytes to
    /// ManifestDigest (filled in when empty). Returns the stored record.
    /// </summary>
    public ImageRecord Create(ImageRecord image, byte[] manifest, byte[] config, IReadOnlyList<BigDataItem>? extraBigData = null)
    {
        if (!Digest.IsHex64(image.Id))
        {
            throw new VainaException($"invalid image id \"{image.Id}\"");
        }

        string configDigest = Digest.Of(config);
        if (configDigest != image.ConfigDigest)
        {
            throw new VainaException($"image config: digest mismatch: expected {image.ConfigDigest}, got {configDigest}");
        }

        string manifestDigest = Digest.Of(manifest);
        if (image.ManifestDigest.Length == 0)
        {
            image.ManifestDigest = manifestDigest;
        }
        else if (image.ManifestDigest != manifestDigest)
        {
            throw new VainaException($"image manifest: digest mismatch: expected {image.ManifestDigest}, got {manifestDigest}");
        }

        if (image.TopLayerId.Length == 0 && image.LayerIds.Count > 0)
        {
            image.TopLayerId = image.LayerIds[^1];
        }

        if (image.Pulled == default)
        {
            image.Pulled = DateTimeOffset.UtcNow;
        }

        blobs.Write(config, configDigest);
        blobs.Write(manifest, manifestDigest);

        database.RunInTransaction((connection, transaction) =>
        {
            foreach (string layerId in image.LayerIds)
            {
                if (StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM layers WHERE id = @p0", layerId) is null)
                {
                    throw new VainaException($"{layerId}: layer not known");
                }
            }

            bool exists = StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM images WHERE id = @p0", image.Id) is not null;
            if (exists)
            {
                StateDatabase.Execute(
                    connection,
                    transaction,
                    "UPDATE images SET manifest_digest = @p1, manifest_media_type = @p2, pulled = @p3 WHERE id = @p0",
                    image.Id,
                    image.ManifestDigest,
                    image.ManifestMediaType,
                    DbTime.Format(image.Pulled));
            }
            else
            {
                StateDatabase.Execute(
                    connection,
                    transaction,
                    "INSERT INTO images (id, top_layer_id, manifest_digest, manifest_media_type, size, created, pulled, architecture, os) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)",
                    image.Id,
                    image.TopLayerId.Length == 0 ? null : image.TopLayerId,
                    image.ManifestDigest,
                    image.ManifestMediaType,
                    image.Size,
                    DbTime.Format(image.Created),
                    DbTime.Format(image.Pulled),
                    image.Architecture,
                    image.Os);
                for (int i = 0; i < image.LayerIds.Count; i++)
                {
                    StateDatabase.Execute(connection, transaction, "INSERT INTO image_layers (image_id, position, layer_id) VALUES (@p0, @p1, @p2)", image.Id, i, image.LayerIds[i]);
                }
            }

            foreach (string name in image.Names)
            {
                AddNameIn(connection, transaction, image.Id, name);
            }

            foreach (string digest in image.Digests)
            {
                AddDigestIn(connection, transaction, image.Id, digest);
            }

            // containers/storage's big data: the config, the latest manifest and one item per manifest digest.
            SetBigDataIn(connection, transaction, image.Id, image.ConfigDigest, configDigest, config.Length);
            SetBigDataIn(connection, transaction, image.Id, "manifest", manifestDigest, manifest.Length);
            SetBigDataIn(connection, transaction, image.Id, "manifest-" + manifestDigest, manifestDigest, manifest.Length);
            foreach (BigDataItem item in extraBigData ?? [])
            {
                SetBigDataIn(connection, transaction, image.Id, item.Key, item.Digest, item.Size);
            }
        });

        return Get(image.Id);
    }

    /// <summary>
    /// Stores a new manifest list (`manifest create`) under a random id: no layers, no config; its manifest and
    /// instance map are big data items ("manifest", "instances.json") as containers/storage keeps them, and the
    /// list's first manifest digest stays its <see cref="ImageRecord.ManifestDigest"/>. A name held by another
    /// image moves to the list.
    /// </summary>
    public ImageRecord CreateManifestList(string name, byte[] manifest, string mediaType, byte[] instances)
    {
        string id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        string manifestDigest = blobs.Write(manifest);
        string instancesDigest = blobs.Write(instances);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        database.RunInTransaction((connection, transaction) =>
        {
            StateDatabase.Execute(
                connection,
                transaction,
                "INSERT INTO images (id, top_layer_id, manifest_digest, manifest_media_type, size, created, pulled, architecture, os) VALUES (@p0, NULL, @p1, @p2, 0, @p3, @p3, NULL, NULL)",
                id,
                manifestDigest,
                mediaType,
                DbTime.Format(now));
            AddNameIn(connection, transaction, id, name);
            SetBigDataIn(connection, transaction, id, "manifest", manifestDigest, manifest.Length);
            SetBigDataIn(connection, transaction, id, "instances.json", instancesDigest, instances.Length);
        });
        return Get(id);
    }

    /// <summary>Replaces a manifest list's manifest and instance map (one transaction); the old blobs go when nothing else uses them.</summary>
    public ImageRecord UpdateManifestList(string id, byte[] manifest, string mediaType, byte[] instances)
    {
        string manifestDigest = blobs.Write(manifest);
        string instancesDigest = blobs.Write(instances);
        List<string> previous = [];
        database.RunInTransaction((connection, transaction) =>
        {
            previous.AddRange(BigDataDigestsIn(connection, transaction, id));
            if (StateDatabase.Execute(connection, transaction, "UPDATE images SET manifest_media_type = @p1 WHERE id = @p0", id, mediaType) == 0)
            {
                throw new VainaException($"{id}: image not known");
            }

            SetBigDataIn(connection, transaction, id, "manifest", manifestDigest, manifest.Length);
            SetBigDataIn(connection, transaction, id, "instances.json", instancesDigest, instances.Length);
        });
        DeleteUnreferencedBlobs(previous);
        return Get(id);
    }

    /// <summary>A big data item's bytes ("manifest", "instances.json", ...); null when the image has no such item or its bytes were not kept.</summary>
    public byte[]? GetBigData(string id, string key)
    {
        string? digest = database.Read(connection => StateDatabase.Scalar(connection, null, "SELECT digest FROM image_big_data WHERE image_id = @p0 AND key = @p1", id, key) as string);
        return digest is not null && blobs.Exists(digest) ? blobs.ReadAllBytes(digest) : null;
    }

    /// <summary>
    /// Finds an image by full id (with or without "sha256:"), exact name, "name@sha256:..." digest reference,
    /// or unique id prefix. VainaException "NAME: image not known" when none matches, and
    /// "multiple IDs found with provided prefix: P" for an ambiguous prefix.
    /// </summary>
    public ImageRecord Get(string idOrName) => TryGet(idOrName) ?? throw new VainaException($"{idOrName}: image not known");

    /// <summary>Like <see cref="Get"/>, null when nothing matches (still throws for an ambiguous prefix).</summary>
    public ImageRecord? TryGet(string idOrName)
    {
        string? id = database.Read(connection => Resolve(connection, idOrName));
        return id is null ? null : TryGetById(id);
    }

    /// <summary>The image with exactly this id (64 hex, "sha256:" optional).</summary>
    public ImageRecord? TryGetById(string id)
    {
        if (id.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal))
        {
            id = id[Digest.Sha256Prefix.Length..];
        }

        return database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, SelectImage + " WHERE id = @p0", id);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? FillLists(connection, [ReadImage(reader)])[0] : null;
        });
    }

    /// <summary>The image holding exactly this name (no normalisation here: pass full references).</summary>
    public ImageRecord? TryGetByName(string name)
    {
        string? id = database.Read(connection => StateDatabase.Scalar(connection, null, "SELECT image_id FROM image_names WHERE name = @p0", name) as string);
        return id is null ? null : TryGetById(id);
    }

    public bool Exists(string idOrName) => TryGet(idOrName) is not null;

    /// <summary>The image (not a list) stored from a manifest with this digest ("sha256:..."), or null.</summary>
    public ImageRecord? TryGetByManifestDigest(string digest)
    {
        string? id = database.Read(connection => StateDatabase.Scalar(
            connection,
            null,
            "SELECT id FROM images WHERE manifest_digest = @p0 AND manifest_media_type NOT IN (@p1, @p2) UNION ALL SELECT image_id FROM image_big_data WHERE key = @p3 LIMIT 1",
            digest,
            ImageRecord.ManifestListMediaType,
            ImageRecord.ImageIndexMediaType,
            "manifest-" + digest) as string);
        return id is null ? null : TryGetById(id);
    }

    /// <summary>All images, oldest pull first.</summary>
    public IReadOnlyList<ImageRecord> List()
        => database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, SelectImage + " ORDER BY pulled, id");
            using SqliteDataReader reader = command.ExecuteReader();
            var result = new List<ImageRecord>();
            while (reader.Read())
            {
                result.Add(ReadImage(reader));
            }

            return FillLists(connection, result);
        });

    /// <summary>Adds a name (full reference) to an image, taking it from any other image that has it.</summary>
    public void AddName(string idOrName, string name)
    {
        database.RunInTransaction((connection, transaction) =>
        {
            string id = Resolve(connection, idOrName, transaction) ?? throw new VainaException($"{idOrName}: image not known");
            AddNameIn(connection, transaction, id, name);
        });
    }

    /// <summary>Removes a name (untag). Returns false when no image had it.</summary>
    public bool RemoveName(string name)
        => database.RunInTransaction((connection, transaction)
            => StateDatabase.Execute(connection, transaction, "DELETE FROM image_names WHERE name = @p0", name) > 0);

    /// <summary>Records another "repo@sha256:..." the image is known by.</summary>
    public void AddDigest(string idOrName, string digestReference)
    {
        database.RunInTransaction((connection, transaction) =>
        {
            string id = Resolve(connection, idOrName, transaction) ?? throw new VainaException($"{idOrName}: image not known");
            AddDigestIn(connection, transaction, id, digestReference);
        });
    }

    /// <summary>The image's manifest bytes.</summary>
    public byte[] GetManifest(string idOrName) => blobs.ReadAllBytes(Get(idOrName).ManifestDigest);

    /// <summary>The image's config bytes.</summary>
    public byte[] GetConfig(string idOrName) => blobs.ReadAllBytes(Get(idOrName).ConfigDigest);

    /// <summary>
    /// Deletes the image (all its names) and every layer of it nothing else needs. Refuses when
    /// <see cref="IsInUse"/> names a container. Returns the ids of the layers deleted; VainaException when the
    /// image does not exist.
    /// </summary>
    public IReadOnlyList<string> Delete(string id)
    {
        List<string> deletedLayers = [];
        List<string> orphanBlobs = [];
        string? manifestDigest = null;
        bool manifestShared = true;
        ImageRecord image = TryGetById(id) ?? throw new VainaException($"{id}: image not known");
        List<string> bigData = [];
        database.RunInTransaction((connection, transaction) =>
        {
            bigData.AddRange(BigDataDigestsIn(connection, transaction, image.Id));
            if (IsInUse?.Invoke(connection, transaction, image.Id) is { } container)
            {
                throw new VainaException($"image used by {container}: image is in use by a container: consider listing external containers and force-removing image");
            }

            var layerIds = new List<string>();
            using (SqliteCommand command = StateDatabase.Command(connection, transaction, "SELECT layer_id FROM image_layers WHERE image_id = @p0 ORDER BY position DESC", image.Id))
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    layerIds.Add(reader.GetString(0));
                }
            }

            manifestDigest = StateDatabase.Scalar(connection, transaction, "SELECT manifest_digest FROM images WHERE id = @p0", image.Id) as string;
            if (StateDatabase.Execute(connection, transaction, "DELETE FROM images WHERE id = @p0", image.Id) == 0)
            {
                throw new VainaException($"{id}: image not known");
            }

            manifestShared = manifestDigest is null
                || StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM images WHERE manifest_digest = @p0", manifestDigest) is not null;

            // Top first: a layer with a remaining child is still needed.
            foreach (string layerId in layerIds)
            {
                if (LayerStore.DeleteRowIfUnreferenced(connection, transaction, layerId, out string? orphanBlob))
                {
                    deletedLayers.Add(layerId);
                    if (orphanBlob is not null && !IsImageBlob(connection, transaction, orphanBlob))
                    {
                        orphanBlobs.Add(orphanBlob);
                    }
                }
            }
        });

        foreach (string layerId in deletedLayers)
        {
            layers.RemoveLayerFiles(layerId);
        }

        foreach (string blob in orphanBlobs)
        {
            blobs.Delete(blob);
        }

        if (!image.IsManifestList)
        {
            blobs.Delete(image.ConfigDigest);
        }

        if (!manifestShared && manifestDigest is not null)
        {
            blobs.Delete(manifestDigest);
        }

        DeleteUnreferencedBlobs(bigData);
        return deletedLayers;
    }

    private static void SetBigDataIn(SqliteConnection connection, SqliteTransaction transaction, string id, string key, string digest, long size)
        => StateDatabase.Execute(
            connection,
            transaction,
            "INSERT INTO image_big_data (image_id, key, digest, size) VALUES (@p0, @p1, @p2, @p3) ON CONFLICT (image_id, key) DO UPDATE SET digest = excluded.digest, size = excluded.size",
            id,
            key,
            digest,
            size);

    private static List<string> BigDataDigestsIn(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        var result = new List<string>();
        using SqliteCommand command = StateDatabase.Command(connection, transaction, "SELECT DISTINCT digest FROM image_big_data WHERE image_id = @p0", id);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>Deletes the blobs of these digests that no image (config, manifest, big data) and no layer uses any more.</summary>
    private void DeleteUnreferencedBlobs(IEnumerable<string> digests)
    {
        foreach (string digest in digests.Distinct(StringComparer.Ordinal))
        {
            bool used = database.Read(connection => StateDatabase.Scalar(
                connection,
                null,
                "SELECT 1 WHERE EXISTS (SELECT 1 FROM images WHERE manifest_digest = @p0 OR id = @p1) OR EXISTS (SELECT 1 FROM image_big_data WHERE digest = @p0) OR EXISTS (SELECT 1 FROM layers WHERE compressed_digest = @p0)",
                digest,
                Digest.Hex(digest)) is not null);
            if (!used)
            {
                blobs.Delete(digest);
            }
        }
    }

    /// <summary>Whether a blob is some image's config or manifest (never a layer blob in practice; kept safe).</summary>
    private static bool IsImageBlob(SqliteConnection connection, SqliteTransaction transaction, string digest)
        => StateDatabase.Scalar(
            connection,
            transaction,
            "SELECT 1 FROM images WHERE manifest_digest = @p0 OR id = @p1 LIMIT 1",
            digest,
            Digest.Hex(digest)) is not null;

    private const string SelectImage = "SELECT id, top_layer_id, manifest_digest, manifest_media_type, size + COALESCE((SELECT SUM(b.size) FROM image_big_data b WHERE b.image_id = images.id), 0), created, pulled, architecture, os, "
        + "(SELECT b.digest FROM image_big_data b WHERE b.image_id = images.id AND b.key = 'manifest') FROM images";

    private static ImageRecord ReadImage(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        TopLayerId = reader.IsDBNull(1) ? string.Empty : reader.GetString(1),
        ManifestDigest = reader.GetString(2),
        ManifestMediaType = reader.GetString(3),
        Size = reader.GetInt64(4),
        Created = DbTime.Parse(reader.GetString(5)),
        Pulled = DbTime.Parse(reader.GetString(6)),
        Architecture = reader.IsDBNull(7) ? null : reader.GetString(7),
        Os = reader.IsDBNull(8) ? null : reader.GetString(8),
        CurrentManifestDigest = reader.IsDBNull(9) ? reader.GetString(2) : reader.GetString(9),
    };

    private static List<ImageRecord> FillLists(SqliteConnection connection, List<ImageRecord> images)
    {
        if (images.Count == 0)
        {
            return images;
        }

        var byId = images.ToDictionary(i => i.Id, StringComparer.Ordinal);
        bool single = images.Count == 1;
        string filter = single ? " WHERE image_id = @p0" : string.Empty;
        object?[] parameters = single ? [images[0].Id] : [];
        Collect("SELECT image_id, name FROM image_names" + filter + " ORDER BY position", (image, value) => image.Names.Add(value));
        Collect("SELECT image_id, digest FROM image_digests" + filter + " ORDER BY position", (image, value) => image.Digests.Add(value));
        Collect("SELECT image_id, layer_id FROM image_layers" + filter + " ORDER BY position", (image, value) => image.LayerIds.Add(value));
        return images;

        void Collect(string sql, Action<ImageRecord, string> add)
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, sql, parameters);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (byId.TryGetValue(reader.GetString(0), out ImageRecord? image))
                {
                    add(image, reader.GetString(1));
                }
            }
        }
    }

    private static void AddNameIn(SqliteConnection connection, SqliteTransaction transaction, string id, string name)
    {
        if (StateDatabase.Scalar(connection, transaction, "SELECT image_id FROM image_names WHERE name = @p0", name) as string == id)
        {
            return;
        }

        StateDatabase.Execute(connection, transaction, "DELETE FROM image_names WHERE name = @p0", name);
        StateDatabase.Execute(
            connection,
            transaction,
            "INSERT INTO image_names (name, image_id, position) VALUES (@p0, @p1, (SELECT COALESCE(MAX(position), -1) + 1 FROM image_names WHERE image_id = @p1))",
            name,
            id);
    }

    private static void AddDigestIn(SqliteConnection connection, SqliteTransaction transaction, string id, string digest)
        => StateDatabase.Execute(
            connection,
            transaction,
            "INSERT OR IGNORE INTO image_digests (image_id, digest, position) VALUES (@p0, @p1, (SELECT COALESCE(MAX(position), -1) + 1 FROM image_digests WHERE image_id = @p0))",
            id,
            digest);

    /// <summary>The id of the image that <paramref name="idOrName"/> denotes, or null.</summary>
    private static string? Resolve(SqliteConnection connection, string idOrName, SqliteTransaction? transaction = null)
    {
        string candidate = idOrName.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? idOrName[Digest.Sha256Prefix.Length..] : idOrName;
        if (Digest.IsHex64(candidate)
            && StateDatabase.Scalar(connection, transaction, "SELECT id FROM images WHERE id = @p0", candidate) is string fullId)
        {
            return fullId;
        }

        if (StateDatabase.Scalar(connection, transaction, "SELECT image_id FROM image_names WHERE name = @p0", idOrName) is string named)
        {
            return named;
        }

        int at = idOrName.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            if (StateDatabase.Scalar(connection, transaction, "SELECT image_id FROM image_digests WHERE digest = @p0 LIMIT 1", idOrName) is string byDigest)
            {
                return byDigest;
            }

            // repo@digest where the image has a name in that repository and that manifest digest.
            string repository = idOrName[..at];
            string digest = idOrName[(at + 1)..];
            if (StateDatabase.Scalar(
                    connection,
                    transaction,
                    "SELECT i.id FROM images i JOIN image_names n ON n.image_id = i.id WHERE i.manifest_digest = @p0 AND (n.name = @p1 OR substr(n.name, 1, length(@p1) + 1) = @p1 || ':') LIMIT 1",
                    digest,
                    repository) is string byRepository)
            {
                return byRepository;
            }

            return null;
        }

        if (candidate.Length == 0 || candidate.Length > 64 || !candidate.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return null;
        }

        var matches = new List<string>();
        using (SqliteCommand command = StateDatabase.Command(connection, transaction, "SELECT id FROM images WHERE substr(id, 1, length(@p0)) = @p0 LIMIT 2", candidate))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                matches.Add(reader.GetString(0));
            }
        }

        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new VainaException($"multiple IDs found with provided prefix: {candidate}"),
        };
    }
}
