using Microsoft.Data.Sqlite;
using Omnichannel.Hosting.Sqlite;
using Xunit;

namespace Omnichannel.Hosting.Tests;

/// <summary>Issue 22: what a store's writer connection sends to the disk.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-sqlitefile-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_writer_keeps_the_journal_of_its_savepoints_in_memory_rather_than_in_a_temporary_file(bool tuned, bool temporaryFile)
    {
        // SQLite spills a savepoint's journal past 64 KB to a temporary file (unlinked, under /var/tmp): written
        // and dropped for every group the stores commit, 14 KB per interaction on the scale benchmark.
        var file = new SqliteFile(Path.Combine(_folder, $"{tuned}.db"));
        await using (var created = await file.CreateAsync(Cancel))
        {
            await using var schema = SqliteFile.Command(created, null, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            await schema.ExecuteNonQueryAsync(Cancel);
        }

        using var connection = file.Open();
        if (tuned)
        {
            SqliteFile.TuneForWriting(connection);
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        transaction.Save("write");
        using (var fill = SqliteFile.Command(connection, transaction, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t (v) SELECT printf('%.500c', 'x') FROM n"))
        {
            fill.ExecuteNonQuery();
        }

        transaction.Save("again");
        using (var update = SqliteFile.Command(connection, transaction, "UPDATE t SET v = v || 'y'"))
        {
            update.ExecuteNonQuery();
        }

        Assert.Equal(temporaryFile, OpenTemporaryFiles() > 0);
        transaction.Release("again");
        transaction.Release("write");
        transaction.Commit();
    }

    [Fact]
    public void A_writer_checkpoints_every_100_000_pages_of_log()
    {
        using var connection = new SqliteFile(Path.Combine(_folder, "checkpoint.db")).Open();
        SqliteFile.TuneForWriting(connection);
        using var read = SqliteFile.Command(connection, null, "PRAGMA wal_autocheckpoint");
        Assert.Equal(100_000L, read.ExecuteScalar());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>SQLite's temporary files this process holds open (their names start with etilqs_; deleted at once, still listed in /proc).</summary>
    private static int OpenTemporaryFiles() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.Contains("etilqs_", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });
}
