using Microsoft.Data.Sqlite;
using Vaina.Storage.State;

namespace Vaina.Storage.Tests;

public sealed class StateDatabaseTests : IDisposable
{
    private readonly string directory = Path.Combine("/var/tmp/vaina-storage-tests", "db-" + Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(directory, StateDatabase.FileName);

    [Fact]
    public void AnEmptyDatabaseGetsEveryMigrationWalAndForeignKeys()
    {
        using var db = new StateDatabase(DbPath);
        Assert.Equal(Migrations.All.Count, db.SchemaVersion);
        Assert.Equal("wal", db.Read(c => StateDatabase.Scalar(c, null, "PRAGMA journal_mode")));
        Assert.Equal(1L, db.Read(c => StateDatabase.Scalar(c, null, "PRAGMA foreign_keys")));
        Assert.Equal(30000L, db.Read(c => StateDatabase.Scalar(c, null, "PRAGMA busy_timeout")));
        foreach (string table in new[] { "layers", "images", "image_names", "image_digests", "image_layers", "container_layers" })
        {
            Assert.NotNull(db.Read(c => StateDatabase.Scalar(c, null, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = @p0", table)));
        }
    }

    [Fact]
    public void AnExistingDatabaseRunsOnlyTheAppendedMigrations()
    {
        using (var db = new StateDatabase(DbPath))
        {
            db.RunInTransaction((c, t) => StateDatabase.Execute(c, t, "INSERT INTO layers (id, diff_id, size, created) VALUES ('sha256:x', 'sha256:x', 1, '2020-01-01T00:00:00Z')"));
        }

        int runs = 0;
        List<Migration> extended =
        [
            .. Migrations.All,
            new(Migrations.All.Count + 1, "widgets", "CREATE TABLE test_widgets (id TEXT PRIMARY KEY, name TEXT UNIQUE)"),
            new(Migrations.All.Count + 2, "count runs", (c, t) =>
            {
                runs++;
                StateDatabase.Execute(c, t, "ALTER TABLE test_widgets ADD COLUMN image_id TEXT");
            }),
        ];
        using (var db = new StateDatabase(DbPath, extended))
        {
            Assert.Equal(extended.Count, db.SchemaVersion);
            Assert.Equal(1L, db.Read(c => StateDatabase.Scalar(c, null, "SELECT COUNT(*) FROM layers")));
            db.RunInTransaction((c, t) => StateDatabase.Execute(c, t, "INSERT INTO test_widgets (id, name, image_id) VALUES ('c', 'n', 'i')"));
        }

        using (var db = new StateDatabase(DbPath, extended))
        {
            Assert.Equal(extended.Count, db.SchemaVersion);
        }

        Assert.Equal(1, runs);
    }

    [Fact]
    public void AFailingMigrationLeavesTheSchemaUntouched()
    {
        List<Migration> broken = [.. Migrations.All, new(Migrations.All.Count + 1, "broken", "CREATE TABLE ok (x); CREATE TABLE nope (")];
        using (var db = new StateDatabase(DbPath, broken))
        {
            Assert.ThrowsAny<SqliteException>(() => db.SchemaVersion);
        }

        using var good = new StateDatabase(DbPath);
        Assert.Equal(Migrations.All.Count, good.SchemaVersion);
        Assert.Null(good.Read(c => StateDatabase.Scalar(c, null, "SELECT name FROM sqlite_master WHERE name = 'ok'")));
    }

    [Fact]
    public void ANewerDatabaseIsRefused()
    {
        List<Migration> newer = [.. Migrations.All, new(Migrations.All.Count + 1, "future", "CREATE TABLE future (x)")];
        using (var db = new StateDatabase(DbPath, newer))
        {
            Assert.Equal(newer.Count, db.SchemaVersion);
        }

        using var old = new StateDatabase(DbPath);
        var error = Assert.Throws<VainaException>(() => old.SchemaVersion);
        Assert.Contains("newer than this vaina supports", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATransactionThatThrowsIsRolledBack()
    {
        using var db = new StateDatabase(DbPath);
        Assert.Throws<InvalidOperationException>(() => db.RunInTransaction((c, t) =>
        {
            StateDatabase.Execute(c, t, "INSERT INTO layers (id, diff_id, size, created) VALUES ('sha256:y', 'sha256:y', 1, 'now')");
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(0L, db.Read(c => StateDatabase.Scalar(c, null, "SELECT COUNT(*) FROM layers")));
    }

    [Fact]
    public void ConcurrentWritersFromSeparateConnectionsSerialise()
    {
        using (var setup = new StateDatabase(DbPath, [.. Migrations.All, new(Migrations.All.Count + 1, "counter", "CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);")]))
        {
            Assert.True(setup.SchemaVersion > 0);
        }

        // Separate StateDatabase objects behave like separate processes: each read-modify-write must be atomic.
        Parallel.For(0, 4, _ =>
        {
            using var db = new StateDatabase(DbPath, [.. Migrations.All, new(Migrations.All.Count + 1, "counter", "CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);")]);
            for (int i = 0; i < 25; i++)
            {
                db.RunInTransaction((c, t) =>
                {
                    long n = (long)StateDatabase.Scalar(c, t, "SELECT n FROM counter")!;
                    StateDatabase.Execute(c, t, "UPDATE counter SET n = @p0", n + 1);
                });
            }
        });
        using var check = new StateDatabase(DbPath, [.. Migrations.All, new(Migrations.All.Count + 1, "counter", "CREATE TABLE counter (n INTEGER)")]);
        Assert.Equal(100L, check.Read(c => StateDatabase.Scalar(c, null, "SELECT n FROM counter")));
    }

    [Fact]
    public void EveryPooledConnectionKeepsItsSettings()
    {
        using var db = new StateDatabase(DbPath);
        for (int i = 0; i < 3; i++)
        {
            // nested opens make the pool hold two physical connections; each is set up once and handed out again
            using SqliteConnection outer = db.OpenConnection();
            using SqliteConnection inner = db.OpenConnection();
            foreach (SqliteConnection connection in new[] { outer, inner })
            {
                Assert.Equal(1L, StateDatabase.Scalar(connection, null, "PRAGMA foreign_keys"));
                Assert.Equal(30000L, StateDatabase.Scalar(connection, null, "PRAGMA busy_timeout"));
                Assert.Equal(1L, StateDatabase.Scalar(connection, null, "PRAGMA synchronous"));
                Assert.Equal(0L, StateDatabase.Scalar(connection, null, "PRAGMA journal_size_limit"));
            }
        }
    }

    [Fact]
    public void TheWalFilesStayEmptyBetweenCommands()
    {
        using (var db = new StateDatabase(DbPath))
        {
            db.RunInTransaction((c, t) => StateDatabase.Execute(c, t, "INSERT INTO layers (id, diff_id, size, created) VALUES ('sha256:w', 'sha256:w', 1, '2020-01-01T00:00:00Z')"));
            Assert.True(new FileInfo(DbPath + "-wal").Length > 0);
        }

        // the last close checkpointed everything into the database and truncated the log instead of deleting it,
        // so the next command neither creates the two files again nor has a log to recover
        Assert.Equal(0, new FileInfo(DbPath + "-wal").Length);
        Assert.True(File.Exists(DbPath + "-shm"));
        using var again = new StateDatabase(DbPath);
        Assert.Equal(1L, again.Read(c => StateDatabase.Scalar(c, null, "SELECT COUNT(*) FROM layers")));
    }

    [Fact]
    public void ALogLeftByACrashedProcessIsRecovered()
    {
        string copy = Path.Combine(directory, "crashed", StateDatabase.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        using (var db = new StateDatabase(DbPath))
        {
            db.RunInTransaction((c, t) => StateDatabase.Execute(c, t, "INSERT INTO layers (id, diff_id, size, created) VALUES ('sha256:c', 'sha256:c', 1, '2020-01-01T00:00:00Z')"));
            // the files as a process killed now leaves them: the commit only in the log, the connection still open
            foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Copy(DbPath + suffix, copy + suffix);
            }
        }

        Assert.True(new FileInfo(copy + "-wal").Length > 0);
        using var recovered = new StateDatabase(copy);
        Assert.Equal(1L, recovered.Read(c => StateDatabase.Scalar(c, null, "SELECT COUNT(*) FROM layers WHERE id = 'sha256:c'")));
    }

    [Fact]
    public void FileLocksExcludeEachOther()
    {
        string path = Path.Combine(directory, "locks", "obj.lock");
        using (FileLock exclusive = FileLock.AcquireExclusive(path))
        {
            Assert.Null(FileLock.TryAcquire(path, exclusive: true, TimeSpan.Zero));
            Assert.Null(FileLock.TryAcquire(path, exclusive: false, TimeSpan.FromMilliseconds(50)));
            var error = Assert.Throws<VainaException>(() => FileLock.AcquireShared(path, TimeSpan.FromMilliseconds(20)));
            Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        }

        using FileLock shared1 = FileLock.AcquireShared(path);
        using FileLock? shared2 = FileLock.TryAcquire(path, exclusive: false, TimeSpan.Zero);
        Assert.NotNull(shared2);
        Assert.Null(FileLock.TryAcquire(path, exclusive: true, TimeSpan.Zero));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
