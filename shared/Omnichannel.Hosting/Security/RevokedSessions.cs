using Microsoft.Data.Sqlite;
using Omnichannel.Hosting.Sqlite;

namespace Omnichannel.Hosting.Security;

/// <summary>
/// The sessions signed out before their cookie expired: a cookie is a bearer token, so signing out must
/// also tell the server, or a copy of the cookie would still open every page until it expires. Kept in a
/// SQLite file that every role of a deployment reads (<c>Security__RevokedSessionsPath</c>, by default
/// beside the shared keys); a row is kept as long as the cookie it revokes could still be valid.
/// </summary>
public sealed class RevokedSessions(string path, TimeProvider clock)
{
    /// <summary>The file's schema steps; never edit one that shipped.</summary>
    private static readonly SqliteSchema Schema = new("revoked-session list",
    [
        "CREATE TABLE IF NOT EXISTS revoked_sessions (session_id TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID",
    ]);

    private readonly SqliteFile _file = new(path);
    private int _created;

    public string Path { get; } = path;

    /// <summary>Refuses the session <paramref name="sessionId"/> from now until <paramref name="until"/>.</summary>
    public async Task RevokeAsync(string sessionId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = SqliteFile.Command(connection, transaction,
            "INSERT INTO revoked_sessions (session_id, until) VALUES ($id, $until) ON CONFLICT (session_id) DO UPDATE SET until = max(until, excluded.until)",
            ("$id", sessionId), ("$until", until.ToUnixTimeSeconds())))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // The cookies of these rows have all expired: nothing left to refuse.
        await using (var purge = SqliteFile.Command(connection, transaction, "DELETE FROM revoked_sessions WHERE until < $now", ("$now", clock.GetUtcNow().ToUnixTimeSeconds())))
        {
            await purge.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var query = SqliteFile.Command(connection, null, "SELECT 1 FROM revoked_sessions WHERE session_id = $id", ("$id", sessionId));
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            // Created by whichever role comes first; the schema's steps run once per file, whoever starts.
            await Schema.MigrateAsync(_file, cancellationToken);
            Volatile.Write(ref _created, 1);
        }

        return await _file.OpenAsync(cancellationToken);
    }
}
