using Microsoft.Data.Sqlite;

namespace Vaina.Storage.State;

/// <summary>
/// One step of the state DB schema. Versions are consecutive from 1; a migration runs inside the
/// transaction that also bumps PRAGMA user_version, so it is applied completely or not at all.
/// </summary>
public sealed class Migration
{
    public Migration(int version, string description, string sql)
        : this(version, description, (connection, transaction) =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        })
    {
    }

    public Migration(int version, string description, Action<SqliteConnection, SqliteTransaction> apply)
    {
        Version = version;
        Description = description;
        Apply = apply;
    }

    public int Version { get; }

    public string Description { get; }

    public Action<SqliteConnection, SqliteTransaction> Apply { get; }
}
