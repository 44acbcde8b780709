using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;
using Xunit;

namespace Omnichannel.Portal.Tests;

/// <summary>The export property on the MongoDB test server (each scenario in a database of its own).</summary>
public sealed class MongoPersonExportTests(Omnichannel.Testing.MongoServer mongo) : PersonExportContract, IClassFixture<Omnichannel.Testing.MongoServer>
{
    private readonly List<string> _databases = [];
    private MongoDB.Driver.MongoClient? _client;

    protected override int Scenarios => 20;

    protected override void SkipIfUnavailable() => Assert.SkipWhen(mongo.Unavailable is not null, mongo.Unavailable ?? "");

    protected override async Task<(IJourneyStore Store, IAuditLog Audit)> CreateAsync()
    {
        _client ??= new MongoDB.Driver.MongoClient(mongo.ConnectionString);
        var name = $"omnichannel-export-{Guid.NewGuid():N}";
        _databases.Add(name);
        var database = _client.GetDatabase(name);
        var store = new Journey.Store.Mongo.MongoJourneyStore(database, Classifier, TimeProvider.System);
        await store.InitializeAsync(Cancel);
        var audit = new Audit.Mongo.MongoAuditLog(database);
        await audit.InitializeAsync(Cancel);
        return (store, audit);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            foreach (var name in _databases)
            {
                await _client.DropDatabaseAsync(name);
            }

            _client.Dispose();
        }
    }
}
