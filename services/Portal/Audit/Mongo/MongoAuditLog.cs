using MongoDB.Driver;
using Q = Omnichannel.Portal.Audit.Mongo.MongoAuditQueries;

namespace Omnichannel.Portal.Audit.Mongo;

/// <summary>The audit log on MongoDB: one insert per opening, with the database's write concern (majority by default).</summary>
public sealed class MongoAuditLog(IMongoDatabase database) : IAuditLog
{
    private readonly IMongoCollection<AuditDocument> _audit = database.GetCollection<AuditDocument>(Q.Collection);

    public Task InitializeAsync(CancellationToken cancellationToken) => _audit.Indexes.CreateManyAsync(Q.Indexes(), cancellationToken);

    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _audit.InsertOneAsync(
            new AuditDocument { At = entry.At.UtcDateTime, User = entry.User, PersonId = entry.PersonId, Reason = entry.Reason, Via = entry.Via },
            cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var documents = await _audit.Find(Q.Matching(query)).Sort(Q.LatestFirst()).Skip(query.Skip).Limit(query.Limit).ToListAsync(cancellationToken);
        return [.. documents.Select(d => new AuditEntry(new DateTimeOffset(DateTime.SpecifyKind(d.At, DateTimeKind.Utc)), d.User, d.PersonId, d.Reason, d.Via))];
    }

    public async Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        var old = await _audit.Find(Q.OlderThan(cutoff.UtcDateTime)).Limit(limit).ToListAsync(cancellationToken);
        return old.Count == 0 ? 0 : (int)(await _audit.DeleteManyAsync(Q.ByIds(old.Select(d => d.Id)), cancellationToken)).DeletedCount;
    }
}
