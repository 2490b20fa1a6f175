using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vaina.Storage.State;

namespace Vaina.Engine.Volumes;

/// <summary>
/// The volumes and container_mounts tables of the state DB. A volume is in use while a container_mounts
/// row names it; the rows of a container are written once (at create) and removed with the container.
/// </summary>
public sealed class VolumeStore
{
    private const string Columns = "name, driver, mount_point, created, labels, options, anonymous, needs_copy_up, needs_chown, uid, gid, mount_count";

    private readonly StateDatabase _database;

    public VolumeStore(StateDatabase database)
    {
        _database = database;
    }

    public StateDatabase Database => _database;

    public VolumeRecord? TryGet(string name)
        => _database.Read(connection => ReadVolumes(connection, null, $"SELECT {Columns} FROM volumes WHERE name = @p0", name).FirstOrDefault());

    public IReadOnlyList<VolumeRecord> List()
        => _database.Read(connection => ReadVolumes(connection, null, $"SELECT {Columns} FROM volumes ORDER BY created, name"));

    /// <summary>Names starting with <paramref name="prefix"/> (Podman accepts an unambiguous prefix).</summary>
    public IReadOnlyList<string> NamesWithPrefix(string prefix)
        => _database.Read(connection =>
        {
            var names = new List<string>();
            using var command = StateDatabase.Command(connection, null, "SELECT name FROM volumes WHERE substr(name, 1, length(@p0)) = @p0", prefix);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        });

    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, VolumeRecord v)
        => StateDatabase.Execute(
            connection,
            transaction,
            $"INSERT INTO volumes ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)",
            v.Name,
            v.Driver,
            v.MountPoint,
            DbTime.Format(v.Created),
            JsonSerializer.Serialize(v.Labels, VolumeJsonContext.Default.DictionaryStringString),
            JsonSerializer.Serialize(v.Options, VolumeJsonContext.Default.DictionaryStringString),
            v.Anonymous ? 1 : 0,
            v.NeedsCopyUp ? 1 : 0,
            v.NeedsChown ? 1 : 0,
            v.Uid,
            v.Gid,
            v.MountCount);

    public static bool Exists(SqliteConnection connection, SqliteTransaction? transaction, string name)
        => StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM volumes WHERE name = @p0", name) is not null;

    public void SetFlags(string name, bool? needsCopyUp = null, bool? needsChown = null)
        => _database.RunInTransaction((connection, transaction) =>
        {
            if (needsCopyUp is { } copy)
            {
                StateDatabase.Execute(connection, transaction, "UPDATE volumes SET needs_copy_up = @p1 WHERE name = @p0", name, copy ? 1 : 0);
            }

            if (needsChown is { } chown)
            {
                StateDatabase.Execute(connection, transaction, "UPDATE volumes SET needs_chown = @p1 WHERE name = @p0", name, chown ? 1 : 0);
            }
        });

    /// <summary>Adds <paramref name="delta"/> to the mount count and returns the new count (never below 0).</summary>
    public static int AddMountCount(SqliteConnection connection, SqliteTransaction transaction, string name, int delta)
    {
        StateDatabase.Execute(connection, transaction, "UPDATE volumes SET mount_count = max(0, mount_count + @p1) WHERE name = @p0", name, delta);
        return Convert.ToInt32(StateDatabase.Scalar(connection, transaction, "SELECT mount_count FROM volumes WHERE name = @p0", name) ?? 0, CultureInfo.InvariantCulture);
    }

    public static void Delete(SqliteConnection connection, SqliteTransaction transaction, string name)
        => StateDatabase.Execute(connection, transaction, "DELETE FROM volumes WHERE name = @p0", name);

    /// <summary>Ids of the containers whose mounts name the volume.</summary>
    public static IReadOnlyList<string> Users(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        var ids = new List<string>();
        using var command = StateDatabase.Command(connection, transaction, "SELECT DISTINCT container_id FROM container_mounts WHERE volume_name = @p0 ORDER BY container_id", name);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public IReadOnlyList<string> Users(string name) => _database.Read(connection => Users(connection, null, name));

    /// <summary>Volume name -> number of containers using it, for every volume in use.</summary>
    public IReadOnlyDictionary<string, int> UserCounts()
        => _database.Read(connection =>
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            using var command = StateDatabase.Command(connection, null, "SELECT volume_name, COUNT(DISTINCT container_id) FROM container_mounts WHERE volume_name IS NOT NULL GROUP BY volume_name");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }

            return counts;
        });

    public IReadOnlyList<RecordedMount>? TryGetContainerMounts(string containerId)
        => _database.Read(connection => ReadMounts(connection, null, containerId));

    public static IReadOnlyList<RecordedMount>? ReadMounts(SqliteConnection connection, SqliteTransaction? transaction, string containerId)
    {
        if (StateDatabase.Scalar(connection, transaction, "SELECT 1 FROM container_mount_sets WHERE container_id = @p0", containerId) is null)
        {
            return null;
        }

        var mounts = new List<RecordedMount>();
        using var command = StateDatabase.Command(connection, transaction, "SELECT kind, source, destination, options, sub_path FROM container_mounts WHERE container_id = @p0 ORDER BY position", containerId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            mounts.Add(new RecordedMount
            {
                Kind = Enum.Parse<MountKind>(reader.GetString(0)),
                Source = reader.GetString(1),
                Destination = reader.GetString(2),
                Options = JsonSerializer.Deserialize(reader.GetString(3), VolumeJsonContext.Default.ListString) ?? [],
                SubPath = reader.IsDBNull(4) ? null : reader.GetString(4),
            });
        }

        return mounts;
    }

    /// <summary>Records the container's resolved mounts (an empty list is recorded too, so that it is never resolved twice).</summary>
    public static void InsertContainerMounts(SqliteConnection connection, SqliteTransaction transaction, string containerId, IReadOnlyList<RecordedMount> mounts)
    {
        StateDatabase.Execute(connection, transaction, "INSERT INTO container_mount_sets (container_id, held_mounts) VALUES (@p0, 0)", containerId);
        for (int i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            StateDatabase.Execute(
                connection,
                transaction,
                "INSERT INTO container_mounts (container_id, position, kind, source, destination, options, volume_name, sub_path) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
                containerId,
                i,
                m.Kind.ToString(),
                m.Source,
                m.Destination,
                JsonSerializer.Serialize(m.Options.ToList(), VolumeJsonContext.Default.ListString),
                m.VolumeName,
                m.SubPath);
        }
    }

    /// <summary>Whether the container currently holds mounts (mount counts, overlays) taken by a start.</summary>
    public static bool SetHeldMounts(SqliteConnection connection, SqliteTransaction transaction, string containerId, bool held)
    {
        var before = StateDatabase.Scalar(connection, transaction, "SELECT held_mounts FROM container_mount_sets WHERE container_id = @p0", containerId);
        StateDatabase.Execute(connection, transaction, "UPDATE container_mount_sets SET held_mounts = @p1 WHERE container_id = @p0", containerId, held ? 1 : 0);
        return before is long l && l != 0;
    }

    public static void DeleteContainerMounts(SqliteConnection connection, SqliteTransaction transaction, string containerId)
    {
        StateDatabase.Execute(connection, transaction, "DELETE FROM container_mounts WHERE container_id = @p0", containerId);
        StateDatabase.Execute(connection, transaction, "DELETE FROM container_mount_sets WHERE container_id = @p0", containerId);
    }

    /// <summary>Ids of every container with recorded mounts whose id starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> ContainerIdsWithPrefix(string prefix)
        => _database.Read(connection =>
        {
            var ids = new List<string>();
            using var command = StateDatabase.Command(connection, null, "SELECT container_id FROM container_mount_sets WHERE substr(container_id, 1, length(@p0)) = @p0", prefix);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        });

    private static List<VolumeRecord> ReadVolumes(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        var list = new List<VolumeRecord>();
        using var command = StateDatabase.Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new VolumeRecord
            {
                Name = reader.GetString(0),
                Driver = reader.GetString(1),
                MountPoint = reader.GetString(2),
                Created = DbTime.Parse(reader.GetString(3)),
                Labels = JsonSerializer.Deserialize(reader.GetString(4), VolumeJsonContext.Default.DictionaryStringString) ?? [],
                Options = JsonSerializer.Deserialize(reader.GetString(5), VolumeJsonContext.Default.DictionaryStringString) ?? [],
                Anonymous = reader.GetInt64(6) != 0,
                NeedsCopyUp = reader.GetInt64(7) != 0,
                NeedsChown = reader.GetInt64(8) != 0,
                Uid = reader.IsDBNull(9) ? null : reader.GetInt32(9),
                Gid = reader.IsDBNull(10) ? null : reader.GetInt32(10),
                MountCount = reader.GetInt32(11),
            });
        }

        return list;
    }
}
