using Microsoft.Data.Sqlite;
using Omnichannel.Hosting.Sqlite;
using Xunit;

namespace Omnichannel.Hosting.Tests;

/// <summary>A file's schema as numbered steps: each applied once, in order, whoever starts, and a newer file refused.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-schema-").FullName;

    private SqliteFile File => new(System.IO.Path.Combine(_folder, "store.db"));

    [Fact]
    public async Task A_start_applies_only_the_steps_a_file_lacks_and_records_the_version()
    {
        await new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)", "INSERT INTO a VALUES (1)"]).MigrateAsync(File, CancellationToken.None);
        // A later build adds a step: only that one runs (the insert is not made twice).
        var later = new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)", "INSERT INTO a VALUES (1)", "INSERT INTO a VALUES (2)"]);
        await later.MigrateAsync(File, CancellationToken.None);
        await later.MigrateAsync(File, CancellationToken.None);

        Assert.Equal("1,2", await ScalarAsync("SELECT group_concat(n, ',') FROM (SELECT n FROM a ORDER BY n)"));
        Assert.Equal(3L, await ScalarAsync("SELECT version FROM schema_version"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task Two_processes_starting_on_one_file_apply_each_step_once()
    {
        var schema = new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)", "INSERT INTO a VALUES (1)"]);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => schema.MigrateAsync(File, CancellationToken.None))));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM a"));
    }

    [Fact]
    public async Task A_step_that_fails_leaves_the_file_as_it_was()
    {
        await new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)"]).MigrateAsync(File, CancellationToken.None);
        var broken = new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)", "INSERT INTO a VALUES (1)", "INSERT INTO nowhere VALUES (1)"]);
        await Assert.ThrowsAsync<SqliteException>(() => broken.MigrateAsync(File, CancellationToken.None));

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM a"));
        Assert.Equal(1L, await ScalarAsync("SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task A_file_from_a_newer_build_is_refused_and_left_untouched()
    {
        await new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)", "CREATE TABLE b (n INTEGER)"]).MigrateAsync(File, CancellationToken.None);
        var older = new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)"]);
        var reconciled = false;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.MigrateAsync(File, CancellationToken.None, (_, _) =>
        {
            reconciled = true;
            return Task.CompletedTask;
        }));

        Assert.Contains("test store", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
        Assert.False(reconciled);
        Assert.Equal(2L, await ScalarAsync("SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task The_reconciliation_runs_at_every_start_in_the_same_transaction()
    {
        var schema = new SqliteSchema("test store", ["CREATE TABLE a (n INTEGER)"]);
        async Task AddAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            await using var insert = SqliteFile.Command(connection, transaction, "INSERT INTO a VALUES ($n)", ("$n", 7));
            await insert.ExecuteNonQueryAsync();
        }

        await schema.MigrateAsync(File, CancellationToken.None, AddAsync);
        await schema.MigrateAsync(File, CancellationToken.None, AddAsync);
        await Assert.ThrowsAsync<InvalidOperationException>(() => schema.MigrateAsync(File, CancellationToken.None, async (c, t) =>
        {
            await AddAsync(c, t);
            throw new InvalidOperationException("reconciliation failed");
        }));

        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM a"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await File.OpenAsync(CancellationToken.None);
        await using var command = SqliteFile.Command(connection, null, sql);
        return await command.ExecuteScalarAsync();
    }
}
