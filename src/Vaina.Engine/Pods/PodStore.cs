using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vaina.Storage.State;

namespace Vaina.Engine.Pods;

/// <summary>The pods table of the state DB; each change is one short IMMEDIATE transaction.</summary>
public sealed class PodStore
{
    private const string Columns = "id, name, config, created, infra_id";

    private readonly StateDatabase _database;

    public PodStore(StateDatabase database)
    {
        _database = database;
    }

    /// <summary>Adds a pod; Podman's error when the name is taken by a pod or a container (one name space).</summary>
    public void Insert(PodRecord record)
    {
        _database.RunInTransaction((connection, transaction) =>
        {
            if (StateDatabase.Scalar(connection, transaction, "SELECT id FROM pods WHERE name = @p0", record.Name) is string)
            {
                throw new VainaException($"name \"{record.Name}\" is in use: pod already exists");
            }

            if (StateDatabase.Scalar(connection, transaction, "SELECT id FROM containers WHERE name = @p0", record.Name) is string)
            {
                throw new VainaException($"name \"{record.Name}\" is in use: container already exists");
            }

            StateDatabase.Execute(connection, transaction, $"INSERT INTO pods ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4)",
                record.Id, record.Name, Serialize(record.Config), DbTime.Format(record.Created), record.InfraId);
        });
    }

    /// <summary>By full id, exact name, or unique id prefix; null when nothing matches.</summary>
    public PodRecord? TryGet(string idOrName)
        => _database.Read(connection =>
        {
            var exact = ReadMany(connection, $"SELECT {Columns} FROM pods WHERE id = @p0 OR name = @p0", idOrName);
            if (exact.Count > 0)
            {
                return exact.FirstOrDefault(r => r.Id == idOrName) ?? exact[0];
            }

            if (idOrName.Length == 0 || !idOrName.All(Uri.IsHexDigit))
            {
                return null;
            }

            var prefixed = ReadMany(connection, $"SELECT {Columns} FROM pods WHERE id LIKE @p0", idOrName.ToLowerInvariant() + "%");
            return prefixed.Count switch
            {
                0 => null,
                1 => prefixed[0],
                _ => throw new VainaException($"more than one result for pod ID {idOrName}: pod already exists"),
            };
        });

    public PodRecord Get(string idOrName) => TryGet(idOrName) ?? throw NotFound(idOrName);

    public static VainaException NotFound(string idOrName) => new($"no pod with name or ID {idOrName} found: no such pod");

    public IReadOnlyList<PodRecord> List()
        => _database.Read(connection => ReadMany(connection, $"SELECT {Columns} FROM pods ORDER BY created"));

    public void Update(string id, Action<PodRecord> change)
    {
        _database.RunInTransaction((connection, transaction) =>
        {
            using var command = StateDatabase.Command(connection, transaction, $"SELECT {Columns} FROM pods WHERE id = @p0", id);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return;
            }

            var record = ReadOne(reader);
            reader.Close();
            change(record);
            StateDatabase.Execute(connection, transaction, "UPDATE pods SET config = @p1, infra_id = @p2 WHERE id = @p0", id, Serialize(record.Config), record.InfraId);
        });
    }

    public void Delete(string id)
        => _database.RunInTransaction((connection, transaction) => StateDatabase.Execute(connection, transaction, "DELETE FROM pods WHERE id = @p0", id));

    private static string Serialize(PodConfig config) => JsonSerializer.Serialize(config, PodJsonContext.Default.PodConfig);

    private static List<PodRecord> ReadMany(SqliteConnection connection, string sql, params object?[] parameters)
    {
        using var command = StateDatabase.Command(connection, null, sql, parameters);
        using var reader = command.ExecuteReader();
        var result = new List<PodRecord>();
        while (reader.Read())
        {
            result.Add(ReadOne(reader));
        }

        return result;
    }

    private static PodRecord ReadOne(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Config = JsonSerializer.Deserialize(reader.GetString(2), PodJsonContext.Default.PodConfig) ?? new PodConfig(),
        Created = DbTime.Parse(reader.GetString(3)),
        InfraId = reader.IsDBNull(4) ? null : reader.GetString(4),
    };
}
