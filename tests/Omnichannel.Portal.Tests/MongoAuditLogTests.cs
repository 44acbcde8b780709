using MongoDB.Driver;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Audit.Mongo;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.Portal.Tests;

/// <summary>
/// The audit log contract on the MongoDB test server, each test in a database of its own; skipped, with the
/// reason, where no server is reachable (failed under CI=true); its queries are rendered in
/// <see cref="MongoAuditQueryRenderingTests"/>.
/// </summary>
public sealed class MongoAuditLogTests(MongoServer mongo) : AuditLogContract, IClassFixture<MongoServer>
{
    private readonly string _database = $"omnichannel-audit-{Guid.NewGuid():N}";
    private MongoClient? _client;

    protected override void SkipIfUnavailable() => Assert.SkipWhen(mongo.Unavailable is not null, mongo.Unavailable ?? "");

    protected override async Task<IAuditLog> CreateAsync()
    {
        var audit = await ReopenAsync();
        await audit.InitializeAsync(Cancel);
        return audit;
    }

    protected override Task<IAuditLog> ReopenAsync()
    {
        _client ??= new MongoClient(mongo.ConnectionString);
        return Task.FromResult<IAuditLog>(new MongoAuditLog(_client.GetDatabase(_database)));
    }

    [Fact]
    public async Task Its_indexes_are_created_at_start_and_starting_again_is_harmless()
    {
        SkipIfUnavailable();
        var audit = await CreateAsync();
        await audit.InitializeAsync(Cancel);

        var indexes = await (await _client!.GetDatabase(_database).GetCollection<MongoDB.Bson.BsonDocument>(MongoAuditQueries.Collection).Indexes.ListAsync(Cancel)).ToListAsync(Cancel);
        Assert.Equal(["_id_", "audit_by_instant", "audit_by_person", "audit_by_user"], indexes.Select(i => i["name"].AsString).Order(StringComparer.Ordinal));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DropDatabaseAsync(_database);
            _client.Dispose();
        }
    }
}
