namespace Omnichannel.Portal.Audit;

/// <summary>The append-only record of who opened whose history. Written before the history is shown; entries leave only with retention.</summary>
public interface IAuditLog
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The latest entries first, of one person or one user when the query names them.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Removes at most <paramref name="limit"/> of the entries older than <paramref name="cutoff"/> (retention); returns how many.</summary>
    Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);
}
