using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Vaina.Storage.State;

/// <summary>
/// <c>sqlite3_file_control</c>, which SQLitePCLRaw does not expose: called on the same libsqlite3 the provider
/// loaded (<see cref="StateDatabase.InitializeSqlite"/> resolves it by this soname too).
/// </summary>
internal static partial class SqliteFileControl
{
    /// <summary>SQLITE_FCNTL_PERSIST_WAL.</summary>
    private const int PersistWal = 10;

    private const int SqliteOk = 0;

    /// <summary>
    /// Keeps <c>-wal</c> and <c>-shm</c> when the last connection closes (the WAL is checkpointed and, with
    /// <c>journal_size_limit=0</c>, truncated to nothing, so the next opener has no log to recover). False when
    /// the library refused or could not be called; the database then works as before.
    /// </summary>
    public static bool TryPersistWal(SqliteConnection connection)
    {
        if (connection.Handle is not { } handle)
        {
            return false;
        }

        int on = 1;
        try
        {
            return FileControl(handle.DangerousGetHandle(), "main", PersistWal, ref on) == SqliteOk;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libsqlite3.so.0", EntryPoint = "sqlite3_file_control", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileControl(nint db, string databaseName, int op, ref int argument);
}
