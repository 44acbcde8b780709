using Microsoft.Data.Sqlite;

namespace Omnichannel.Hosting.Sqlite;

/// <summary>
/// The schema of one SQLite file as numbered steps: the file records the last step it has
/// (<c>schema_version</c>), and a start applies the ones after it, in order, in one immediate transaction,
/// so that two processes starting on one file never apply a step twice and a crash mid-way leaves the file
/// as it was. A step that shipped is never edited: a change is a new step. A file from a newer build is
/// refused rather than written in a shape this build does not know.
/// </summary>
/// <param name="store">What the file holds, for the refusal's message ("journey store").</param>
/// <param name="steps">The steps, first to last; the version a file reaches is their count.</param>
public sealed class SqliteSchema(string store, IReadOnlyList<string> steps)
{
    /// <summary>The version this build writes: the number of steps.</summary>
    public int Version => steps.Count;

    /// <summary>
    /// Creates the file when missing (WAL mode), applies the steps it lacks, then <paramref name="reconcile"/>
    /// in the same transaction: for a schema computed from code rather than written as steps (the roll-ups'
    /// levels and counter columns, from the metric catalogue), which it must bring up to date idempotently.
    /// </summary>
    public async Task MigrateAsync(SqliteFile file, CancellationToken cancellationToken, Func<SqliteConnection, SqliteTransaction, Task>? reconcile = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var connection = await file.CreateAsync(cancellationToken);
        await using (var table = SqliteFile.Command(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
        {
            await table.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var read = SqliteFile.Command(connection, transaction, "SELECT version FROM schema_version");
        var found = await read.ExecuteScalarAsync(cancellationToken) is long version ? (int)version : 0;
        if (found > Version)
        {
            throw new InvalidOperationException($"The {store} {file.Path} has schema version {found}; this build knows up to {Version}.");
        }

        for (var step = found; step < Version; step++)
        {
            await using var command = SqliteFile.Command(connection, transaction, steps[step]);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (found != Version)
        {
            await using var record = SqliteFile.Command(connection, transaction,
                "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($version)", ("$version", Version));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        if (reconcile is not null)
        {
            await reconcile(connection, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
