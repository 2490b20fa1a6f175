using System.Globalization;
using Microsoft.Data.Sqlite;
using Vaina.Storage.State;

namespace Vaina.Engine.Containers;

/// <summary>
/// The containers table of the state DB. Reads are single statements (WAL snapshots, never blocked by a
/// writer); every change is one short IMMEDIATE transaction, never held across a runtime call.
/// </summary>
public sealed class ContainerStore
{
    private const string Columns = "id, name, image_id, image_name, config, state, pid, conmon_pid, exit_code, created, started_at, finished_at, oom_killed, restart_count, rootfs_mounted, error, network_settings, health";

    private readonly StateDatabase _database;

    public ContainerStore(StateDatabase database)
    {
        _database = database;
    }

    public StateDatabase Database => _database;

    /// <summary>Adds a container; Podman's error when the name is taken.</summary>
    public void Insert(ContainerRecord record)
    {
        _database.RunInTransaction((connection, transaction) =>
        {
            if (StateDatabase.Scalar(connection, transaction, "SELECT id FROM containers WHERE name = @p0", record.Name) is string other)
            {
                throw NameInUse(record.Name, other);
            }

            StateDatabase.Execute(connection, transaction, $"INSERT INTO containers ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17)", Values(record));
        });
    }

    public static VainaException NameInUse(string name, string id)
        => new($"the container name \"{name}\" is already in use by {id}. You have to remove that container to be able to reuse that name: that name is already in use");

    /// <summary>By full id, exact name, or unique id prefix; null when nothing matches.</summary>
    public ContainerRecord? TryGet(string idOrName)
        => _database.Read(connection =>
        {
            var exact = ReadMany(connection, null, $"SELECT {Columns} FROM containers WHERE id = @p0 OR name = @p0", idOrName);
            if (exact.Count > 0)
            {
                return exact.FirstOrDefault(r => r.Id == idOrName) ?? exact[0];
            }

            if (idOrName.Length == 0 || !idOrName.All(Uri.IsHexDigit))
            {
                return null;
            }

            var prefixed = ReadMany(connection, null, $"SELECT {Columns} FROM containers WHERE id LIKE @p0", idOrName.ToLowerInvariant() + "%");
            return prefixed.Count switch
            {
                0 => null,
                1 => prefixed[0],
                _ => throw new VainaException($"more than one result for container \"{idOrName}\": container already exists"),
            };
        });

    /// <summary>Podman's "no container with name or ID" error when nothing matches.</summary>
    public ContainerRecord Get(string idOrName)
        => TryGet(idOrName) ?? throw NotFound(idOrName);

    public static VainaException NotFound(string idOrName)
        => new($"no container with name or ID \"{idOrName}\" found: no such container");

    public IReadOnlyList<ContainerRecord> List()
        => _database.Read(connection => ReadMany(connection, null, $"SELECT {Columns} FROM containers ORDER BY created"));

    /// <summary>Re-reads the container inside a write transaction, lets <paramref name="change"/> edit it, and stores it.</summary>
    public ContainerRecord? Update(string id, Action<ContainerRecord> change)
        => _database.RunInTransaction((connection, transaction) =>
        {
            var list = ReadMany(connection, transaction, $"SELECT {Columns} FROM containers WHERE id = @p0", id);
            if (list.Count == 0)
            {
                return null;
            }

            var record = list[0];
            change(record);
            if (StateDatabase.Scalar(connection, transaction, "SELECT id FROM containers WHERE name = @p0 AND id <> @p1", record.Name, id) is string other)
            {
                throw NameInUse(record.Name, other);
            }

            object?[] values = Values(record);
            StateDatabase.Execute(connection, transaction, "UPDATE containers SET name = @p1, config = @p4, state = @p5, pid = @p6, conmon_pid = @p7, exit_code = @p8, started_at = @p10, finished_at = @p11, oom_killed = @p12, restart_count = @p13, rootfs_mounted = @p14, error = @p15, network_settings = @p16, health = @p17 WHERE id = @p0", values);
            return record;
        });

    /// <summary>Deletes the record and keeps its exit code for a while (an attached `run --rm` may still ask).</summary>
    public void Delete(string id, int? exitCode)
    {
        _database.RunInTransaction((connection, transaction) =>
        {
            StateDatabase.Execute(connection, transaction, "DELETE FROM containers WHERE id = @p0", id);
            if (exitCode is int code)
            {
                StateDatabase.Execute(connection, transaction, "INSERT OR REPLACE INTO container_exit_codes (id, exit_code, recorded) VALUES (@p0, @p1, @p2)", id, code, DbTime.Format(DateTimeOffset.UtcNow));
            }

            StateDatabase.Execute(connection, transaction, "DELETE FROM container_exit_codes WHERE recorded < @p0", DbTime.Format(DateTimeOffset.UtcNow.AddMinutes(-5)));
        });
    }

    /// <summary>The exit code of a container removed in the last minutes.</summary>
    public int? RemovedExitCode(string id)
        => _database.Read<int?>(connection => StateDatabase.Scalar(connection, null, "SELECT exit_code FROM container_exit_codes WHERE id = @p0", id) is long code ? (int)code : null);

    /// <summary>Id of a container created from the image, or null (the image store refuses to delete images in use).</summary>
    public static string? UserOfImage(SqliteConnection connection, SqliteTransaction transaction, string imageId)
        => StateDatabase.Scalar(connection, transaction, "SELECT id FROM containers WHERE image_id = @p0 LIMIT 1", imageId) as string;

    private static object?[] Values(ContainerRecord r) =>
    [
        r.Id, r.Name, r.ImageId, r.ImageName, ContainerConfigJson.Write(r.Config),
        r.State, r.Pid, r.ConmonPid, r.ExitCode, DbTime.Format(r.Created),
        r.StartedAt is { } s ? DbTime.Format(s) : null, r.FinishedAt is { } f ? DbTime.Format(f) : null,
        r.OomKilled ? 1 : 0, r.RestartCount, r.RootfsMounted ? 1 : 0, r.Error, r.NetworkSettings, r.Health,
    ];

    private static List<ContainerRecord> ReadMany(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = StateDatabase.Command(connection, transaction, sql, parameters);
        using SqliteDataReader reader = command.ExecuteReader();
        var result = new List<ContainerRecord>();
        while (reader.Read())
        {
            result.Add(new ContainerRecord
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                ImageId = reader.IsDBNull(2) ? null : reader.GetString(2),
                ImageName = reader.GetString(3),
                Config = ContainerConfigJson.Read(reader.GetString(4)),
                State = reader.GetString(5),
                Pid = (int)reader.GetInt64(6),
                ConmonPid = (int)reader.GetInt64(7),
                ExitCode = (int)reader.GetInt64(8),
                Created = DbTime.Parse(reader.GetString(9)),
                StartedAt = reader.IsDBNull(10) ? null : DbTime.Parse(reader.GetString(10)),
                FinishedAt = reader.IsDBNull(11) ? null : DbTime.Parse(reader.GetString(11)),
                OomKilled = reader.GetInt64(12) != 0,
                RestartCount = (int)reader.GetInt64(13),
                RootfsMounted = reader.GetInt64(14) != 0,
                Error = reader.GetString(15),
                NetworkSettings = reader.IsDBNull(16) ? null : reader.GetString(16),
                Health = reader.IsDBNull(17) ? null : reader.GetString(17),
            });
        }

        return result;
    }
}
