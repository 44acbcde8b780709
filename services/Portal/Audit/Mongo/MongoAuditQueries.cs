using MongoDB.Driver;

namespace Omnichannel.Portal.Audit.Mongo;

/// <summary>Every query of the MongoDB audit log, built here so that tests render each to BSON.</summary>
internal static class MongoAuditQueries
{
    public const string Collection = "audit";

    public static FilterDefinition<AuditDocument> Matching(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = Builders<AuditDocument>.Filter.Empty;
        if (query.PersonId is not null)
        {
            filter &= Builders<AuditDocument>.Filter.Eq(d => d.PersonId, query.PersonId);
        }

        if (query.User is not null)
        {
            filter &= Builders<AuditDocument>.Filter.Eq(d => d.User, query.User);
        }

        if (query.From is { } from)
        {
            filter &= Builders<AuditDocument>.Filter.Gte(d => d.At, from.UtcDateTime);
        }

        if (query.Before is { } before)
        {
            filter &= Builders<AuditDocument>.Filter.Lt(d => d.At, before.UtcDateTime);
        }

        return filter;
    }

    public static SortDefinition<AuditDocument> LatestFirst() => Builders<AuditDocument>.Sort.Descending(d => d.Id);

    public static FilterDefinition<AuditDocument> OlderThan(DateTime cutoff) => Builders<AuditDocument>.Filter.Lt(d => d.At, cutoff);

    public static FilterDefinition<AuditDocument> ByIds(IEnumerable<MongoDB.Bson.ObjectId> ids) => Builders<AuditDocument>.Filter.In(d => d.Id, ids);

    public static IEnumerable<CreateIndexModel<AuditDocument>> Indexes() =>
    [
        new(Builders<AuditDocument>.IndexKeys.Ascending(d => d.PersonId).Descending(d => d.Id), new CreateIndexOptions { Name = "audit_by_person" }),
        new(Builders<AuditDocument>.IndexKeys.Ascending(d => d.User).Descending(d => d.Id), new CreateIndexOptions { Name = "audit_by_user" }),
        // Retention finds the oldest entries by their instant.
        new(Builders<AuditDocument>.IndexKeys.Ascending(d => d.At), new CreateIndexOptions { Name = "audit_by_instant" }),
    ];
}
