using MongoDB.Bson;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Journey.Store;
using Omnichannel.Journey.Store.Mongo;
using Omnichannel.Journey.Tests.Support;
using Omnichannel.Testing;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests.Store;

/// <summary>
/// The store contract on a real MongoDB server, each test in a database of its own; skipped, with the
/// reason, where no server is reachable (the queries are then still checked in <see cref="MongoQueryRenderingTests"/>).
/// </summary>
public sealed class MongoJourneyStoreTests(MongoServer mongo) : JourneyStoreContract, IClassFixture<MongoServer>
{
    private readonly List<string> _databases = [];
    private MongoClient? _client;

    protected override int Scenarios => 20;

    protected override void SkipIfUnavailable() => Assert.SkipWhen(mongo.Unavailable is not null, mongo.Unavailable ?? "");

    protected override async Task<IJourneyStore> CreateStoreAsync()
    {
        _client ??= new MongoClient(mongo.ConnectionString);
        var name = $"omnichannel-test-{Guid.NewGuid():N}";
        _databases.Add(name);
        var store = new MongoJourneyStore(_client.GetDatabase(name), new JourneyClassifier(ReiterationWindows.Standard), TimeProvider.System);
        await store.InitializeAsync(Cancel);
        return store;
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

    [Fact]
    public async Task A_write_that_stopped_after_its_commit_is_finished_by_the_next_load()
    {
        SkipIfUnavailable();
        var database = _client!.GetDatabase(_databases[^1]);
        var call = Contact("c1", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611111111"));
        var engine = new Domain.Engine.JourneyEngine();
        var person = engine.FindPerson(engine.Apply(call).PersonId)!;
        var reclassified = new ContactsReclassified { PersonId = person.Id, Cause = call.Key, Changes = [] };
        // What SaveAsync leaves when the process stops right after committing the person.
        await database.GetCollection<IdentifierDocument>(MongoJourneyQueries.Identifiers).InsertOneAsync(
            new IdentifierDocument { Id = MongoJourneyQueries.KeyOf(Ids.Phone("+33611111111")), PersonId = person.Id }, cancellationToken: Cancel);
        await database.GetCollection<PersonDocument>(MongoJourneyQueries.People).InsertOneAsync(new PersonDocument
        {
            Id = person.Id,
            CreationSequence = 1,
            Version = 1,
            Snapshot = BsonJson.ToDocument(Domain.Engine.JourneyEngine.Snapshot(person)),
            Pending = new PendingWrite
            {
                Id = "w1",
                Interactions = [new InteractionDocument { Id = MongoJourneyQueries.KeyOf(call.Key), PersonId = person.Id, Interaction = BsonJson.ToDocument(call), Reclassified = BsonJson.ToDocument(reclassified) }],
            },
        }, cancellationToken: Cancel);
        Assert.Empty(await Store.FindRecordedAsync([call.Key], Cancel));

        var owner = Assert.Single(await Store.LoadOwnersAsync([Ids.Phone("+33611111111")], Cancel));

        Assert.Equal(person.Id, owner.Snapshot.Id);
        Assert.Equal(person.Id, (await Store.FindRecordedAsync([call.Key], Cancel))[call.Key].PersonId);
        var stored = await database.GetCollection<BsonDocument>(MongoJourneyQueries.People).Find(new BsonDocument("_id", person.Id)).SingleAsync(Cancel);
        Assert.False(stored.Contains("pending"));
    }
}
