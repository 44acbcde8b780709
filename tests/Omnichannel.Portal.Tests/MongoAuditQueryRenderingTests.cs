using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Omnichannel.Portal.Audit;
using Xunit;
using Q = Omnichannel.Portal.Audit.Mongo.MongoAuditQueries;

namespace Omnichannel.Portal.Tests;

/// <summary>Every query of the MongoDB audit log, rendered to BSON: what a server would receive.</summary>
public sealed class MongoAuditQueryRenderingTests
{
    private static BsonDocument Render<T>(FilterDefinition<T> filter) =>
        filter.Render(new RenderArgs<T>(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry));

    [Fact]
    public void The_audit_log_is_read_latest_first_for_one_person_one_user_or_everyone()
    {
        Assert.Equal(new BsonDocument(), Render(Q.Matching(new AuditQuery())));
        Assert.Equal(BsonDocument.Parse("""{ "personId": "p-1" }"""), Render(Q.Matching(new AuditQuery(PersonId: "p-1"))));
        Assert.Equal(BsonDocument.Parse("""{ "personId": "p-1", "user": "conseiller" }"""), Render(Q.Matching(new AuditQuery("p-1", "conseiller"))));
        Assert.Equal(
            BsonDocument.Parse("""{ "at": { "$gte": { "$date": "2026-03-01T00:00:00Z" }, "$lt": { "$date": "2026-04-01T00:00:00Z" } } }"""),
            Render(Q.Matching(new AuditQuery { From = new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.FromHours(1)), Before = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero) })));
        var sort = Q.LatestFirst().Render(new RenderArgs<Audit.Mongo.AuditDocument>(BsonSerializer.LookupSerializer<Audit.Mongo.AuditDocument>(), BsonSerializer.SerializerRegistry));
        Assert.Equal(BsonDocument.Parse("""{ "_id": -1 }"""), sort);
    }

    [Fact]
    public void The_indexes_created_at_start_serve_both_filters_in_that_order()
    {
        var args = new RenderArgs<Audit.Mongo.AuditDocument>(BsonSerializer.LookupSerializer<Audit.Mongo.AuditDocument>(), BsonSerializer.SerializerRegistry);
        var indexes = Q.Indexes().ToList();

        Assert.Equal(["audit_by_person", "audit_by_user", "audit_by_instant"], indexes.Select(i => i.Options.Name));
        Assert.Equal(BsonDocument.Parse("""{ "personId": 1, "_id": -1 }"""), indexes[0].Keys.Render(args));
        Assert.Equal(BsonDocument.Parse("""{ "user": 1, "_id": -1 }"""), indexes[1].Keys.Render(args));
        Assert.Equal(BsonDocument.Parse("""{ "at": 1 }"""), indexes[2].Keys.Render(args));
        Assert.Equal(BsonDocument.Parse("""{ "at": { "$lt": ISODate("2026-03-02T08:00:00Z") } }"""), Q.OlderThan(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc)).Render(args));
    }
}
