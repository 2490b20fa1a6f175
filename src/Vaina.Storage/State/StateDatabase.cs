using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Vaina.Storage.State;

/// <summary>
/// The one SQLite database of a store (<c>GraphRoot/vaina.db</c>): WAL, busy timeout, foreign keys,
/// schema from <see cref="Migrations"/>. Opened lazily; every write runs in a BEGIN IMMEDIATE transaction so
/// that concurrent vaina processes serialise their writes instead of failing on lock upgrades.
/// Connections are cheap (pooled) and used for one operation each, so the class is thread-safe.
/// The <c>-wal</c> and <c>-shm</c> files are kept (empty) between commands: creating and deleting two files in
/// every command cost ext4 inode allocations; the last close still checkpoints, so no command inherits a log to
/// recover, and a log left by a crashed process is recovered by the next opener as before.
/// </summary>
public sealed class StateDatabase : IDisposable
{
    public const string FileName = "vaina.db";

    private static readonly Lock ProviderLock = new();
    private static bool providerReady;

    private static readonly object Configured = new();

    private readonly Lock initLock = new();
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> configured = new();
    private readonly IReadOnlyList<Migration> migrations;
    private string? connectionString;
    private bool disposed;

    public StateDatabase(string path, IReadOnlyList<Migration>? migrations = null)
    {
        Path = path;
        this.migrations = migrations ?? Migrations.All;
    }

    /// <summary>Path of the database file.</summary>
    public string Path { get; }

    /// <summary>How long a writer waits for another process's write transaction.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Schema version of the database (PRAGMA user_version), after migrating.</summary>
    public int SchemaVersion => Read(connection => Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Makes SQLitePCLRaw use the system libsqlite3 (libsqlite3.so.0). Safe to call repeatedly.</summary>
    public static void InitializeSqlite()
    {
        lock (ProviderLock)
        {
            if (providerReady)
            {
                return;
            }

            Assembly providerAssembly = typeof(SQLitePCL.SQLite3Provider_sqlite3).Assembly;
            try
            {
                // Without the -dev package there is no libsqlite3.so, only the soname.
                NativeLibrary.SetDllImportResolver(providerAssembly, (name, assembly, searchPath) =>
                {
                    if (name is "sqlite3" or "libsqlite3")
                    {
                        foreach (string candidate in new[] { "libsqlite3.so.0", "libsqlite3.so" })
                        {
                            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out nint handle))
                            {
                                return handle;
                            }
                        }
                    }

                    return 0;
                });
            }
            catch (InvalidOperationException)
            {
                // A resolver is already set (another component initialised the provider).
            }

            SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_sqlite3());
            providerReady = true;
        }
    }

    /// <summary>A new open connection (pooled) with the store's pragmas; the caller disposes it.</summary>
    public SqliteConnection OpenConnection()
    {
        EnsureInitialized();
        return OpenRaw(connectionString!);
    }

    /// <summary>Runs <paramref name="work"/> in an IMMEDIATE transaction, committing when it returns.</summary>
    public void RunInTransaction(Action<SqliteConnection, SqliteTransaction> work)
        => RunInTransaction<object?>((connection, transaction) =>
        {
            work(connection, transaction);
            return null;
        });

    /// <summary>Runs <paramref name="work"/> in an IMMEDIATE transaction, committing when it returns.</summary>
    public T RunInTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        using SqliteConnection connection = OpenConnection();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        T result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>Runs a read-only query outside an explicit transaction (WAL gives it a consistent snapshot per statement).</summary>
    public T Read<T>(Func<SqliteConnection, T> query)
    {
        using SqliteConnection connection = OpenConnection();
        return query(connection);
    }

    /// <summary>A command bound to the connection and transaction, with @p0, @p1... parameters.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (int i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue("@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), parameters[i] ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = Command(connection, transaction, sql, parameters);
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public void Dispose()
    {
        if (!disposed && connectionString is not null)
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        }

        disposed = true;
    }

    private void EnsureInitialized()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Volatile.Read(ref connectionString) is not null)
        {
            return;
        }

        lock (initLock)
        {
            if (connectionString is not null)
            {
                return;
            }

            InitializeSqlite();
            string? directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            string candidate = new SqliteConnectionStringBuilder
            {
                DataSource = Path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                Pooling = true,
                DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
            }.ToString();
            using (SqliteConnection connection = OpenRaw(candidate))
            {
                // journal_mode is stored in the database file: set it only when it is not WAL yet (a new database),
                // as switching needs an exclusive lock that an existing WAL database never has to take again.
                if (!string.Equals(Scalar(connection, null, "PRAGMA journal_mode") as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    Execute(connection, null, "PRAGMA journal_mode=WAL");
                }

                Migrate(connection);
            }

            // Published only after migrating, so other threads never see a half-initialised database.
            Volatile.Write(ref connectionString, candidate);
        }
    }

    private SqliteConnection OpenRaw(string connectionText)
    {
        var connection = new SqliteConnection(connectionText);
        connection.Open();
        // The settings live as long as the physical connection, which the pool hands out again: set them once
        // per connection, not at every open (three statements each time, several times per command).
        if (connection.Handle is { } handle && !configured.TryGetValue(handle, out _))
        {
            Execute(connection, null, "PRAGMA foreign_keys=1; PRAGMA busy_timeout=" + ((long)BusyTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=0");
            SqliteFileControl.TryPersistWal(connection);
            configured.AddOrUpdate(handle, Configured);
        }

        return connection;
    }

    private void Migrate(SqliteConnection connection)
    {
        int latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migration #{i} has version {migrations[i].Version}, expected {i + 1}");
            }
        }

        // The common case, a database already at the latest version, is one user_version read without a write
        // lock: taking BEGIN IMMEDIATE in every process would serialise read-only commands (ps, inspect) behind
        // any writer. Only a database that needs migrating takes the lock, then reads the version again under it.
        int current = Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (current == latest)
        {
            return;
        }

        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        current = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (current > latest)
        {
            throw new VainaException($"database {Path} has schema version {current}, newer than this vaina supports ({latest})");
        }

        foreach (Migration migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            migration.Apply(connection, transaction);
            Execute(connection, transaction, "PRAGMA user_version=" + migration.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        transaction.Commit();
    }
}
