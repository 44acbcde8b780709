using Omnichannel.Hosting.Sqlite;

namespace Omnichannel.Portal.Audit;

/// <summary>The audit log of the embedded default: one SQLite table, appended to, never updated.</summary>
public sealed class SqliteAuditLog(string path) : IAuditLog
{
    /// <summary>The file's schema steps; never edit one that shipped.</summary>
    private static readonly SqliteSchema Schema = new("audit log",
    [
        """
        CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,
            person_id TEXT NOT NULL, reason TEXT NOT NULL, via TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_by_person ON audit (person_id, seq);
        CREATE INDEX IF NOT EXISTS audit_by_user ON audit (user, seq);
        """,
        // Retention removes the oldest entries: found by their instant (always written in UTC, so text order is time order).
        """
        CREATE INDEX IF NOT EXISTS audit_by_instant ON audit (at);
        """,
    ]);

    private readonly SqliteFile _file = new(path);

    public Task InitializeAsync(CancellationToken cancellationToken) => Schema.MigrateAsync(_file, cancellationToken);

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null,
            "INSERT INTO audit (at, user, person_id, reason, via) VALUES ($at, $user, $person, $reason, $via)",
            ("$at", entry.At.ToUniversalTime().ToString("O")), ("$user", entry.User), ("$person", entry.PersonId), ("$reason", entry.Reason), ("$via", entry.Via));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null, """
            SELECT at, user, person_id, reason, via FROM audit
            WHERE ($person IS NULL OR person_id = $person) AND ($user IS NULL OR user = $user)
                AND ($from IS NULL OR at >= $from) AND ($before IS NULL OR at < $before)
            ORDER BY seq DESC LIMIT $limit OFFSET $skip
            """,
            ("$person", query.PersonId), ("$user", query.User), ("$limit", query.Limit), ("$skip", query.Skip),
            ("$from", query.From?.ToUniversalTime().ToString("O")), ("$before", query.Before?.ToUniversalTime().ToString("O")));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return entries;
    }

    public async Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null, "DELETE FROM audit WHERE seq IN (SELECT seq FROM audit WHERE at < $cutoff ORDER BY at LIMIT $limit)",
            ("$cutoff", cutoff.ToUniversalTime().ToString("O")), ("$limit", limit));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
