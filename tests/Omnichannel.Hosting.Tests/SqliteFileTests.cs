using Microsoft.Data.Sqlite;
using Omnichannel.Hosting.Sqlite;
using Xunit;

namespace Omnichannel.Hosting.Tests;

/// <summary>Issue 22: what a store's writer connection sends to the disk.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-sqlitefile-").FullName;

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
}
