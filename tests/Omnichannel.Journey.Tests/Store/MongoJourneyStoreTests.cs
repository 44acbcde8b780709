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

    protected override async Task<IJourneyStore> CreateReplicaAsync()
    {
        var store = new MongoJourneyStore(_client!.GetDatabase(_databases[^1]), new JourneyClassifier(ReiterationWindows.Standard), TimeProvider.System);
        await store.InitializeAsync(Cancel);
        return store;
    }

    /// <summary>Every document of every collection of the store's database, as extended JSON.</summary>
    protected override async Task<string> DumpAsync(IJourneyStore store)
    {
        var database = _client!.GetDatabase(_databases[^1]);
        var text = new System.Text.StringBuilder();
        foreach (var name in await (await database.ListCollectionNamesAsync(cancellationToken: Cancel)).ToListAsync(Cancel))
        {
            foreach (var document in await database.GetCollection<BsonDocument>(name).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(Cancel))
            {
                text.Append(name).Append('|').Append(document.ToJson()).Append('\n');
            }
        }

        return text.ToString();
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

    /// <summary>Issue 18: what a write that stopped between its claims and its commit leaves (no person behind the claim).</summary>
    [Fact]
    public async Task A_claim_left_by_a_stopped_write_is_taken_over_once_its_lease_ran_out_and_respected_before()
    {
        SkipIfUnavailable();
        await ClaimAsync(Ids.Email("old@example.fr"), "p-stopped", DateTime.UtcNow - (2 * MongoJourneyStore.ClaimLease));
        await ClaimAsync(Ids.Email("new@example.fr"), "p-writing", DateTime.UtcNow);

        var taken = await new Stitching.JourneyStitcher(Store, new JourneyClassifier(ReiterationWindows.Standard))
            .StitchAsync(Contact("c1", 0, Channel.Email, "m", Ids.Email("old@example.fr")), Cancel);
        var refused = new Stitching.JourneyStitcher(Store, new JourneyClassifier(ReiterationWindows.Standard))
            .StitchAsync(Contact("c2", 0, Channel.Email, "m", Ids.Email("new@example.fr")), Cancel);

        Assert.True(taken.Recorded);
        Assert.Equal(taken.Reclassified.PersonId, Assert.Single(await Store.LoadOwnersAsync([Ids.Email("old@example.fr")], Cancel)).Snapshot.Id);
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => refused);
        Assert.Empty(await Store.FindRecordedAsync([Key("c2")], Cancel));
    }

    /// <summary>Issue 18: a stopped write that had claimed a new identifier for an existing person hands that person nothing.</summary>
    [Fact]
    public async Task A_claim_on_a_person_that_does_not_list_the_identifier_gives_that_person_nothing()
    {
        SkipIfUnavailable();
        var stitcher = new Stitching.JourneyStitcher(Store, new JourneyClassifier(ReiterationWindows.Standard));
        var owner = await stitcher.StitchAsync(Contact("c1", 0, Channel.Phone, "m", Ids.Phone("+33611111111")), Cancel);
        await ClaimAsync(Ids.Email("a@example.fr"), owner.Reclassified.PersonId, DateTime.UtcNow - (2 * MongoJourneyStore.ClaimLease));

        Assert.Empty(await Store.LoadOwnersAsync([Ids.Email("a@example.fr")], Cancel));
        var other = await stitcher.StitchAsync(Contact("c2", 1, Channel.Email, "m", Ids.Email("a@example.fr")), Cancel);

        Assert.NotEqual(owner.Reclassified.PersonId, other.Reclassified.PersonId);
        Assert.Single(Assert.Single(await Store.LoadOwnersAsync([Ids.Phone("+33611111111")], Cancel)).Snapshot.Journey);
    }

    /// <summary>
    /// Issue 18: a merge committed on its survivor, stopped before the absorbed person became a redirect, and
    /// found after its lease ran out: the absorbed person's identifiers lead to the survivor, never to the
    /// absorbed person's old state.
    /// </summary>
    [Fact]
    public async Task A_merge_that_stopped_after_its_commit_is_finished_through_the_absorbed_person_after_its_lease()
    {
        SkipIfUnavailable();
        var database = _client!.GetDatabase(_databases[^1]);
        var stitcher = new Stitching.JourneyStitcher(Store, new JourneyClassifier(ReiterationWindows.Standard));
        var phone = await stitcher.StitchAsync(Contact("c1", 0, Channel.Phone, "m", Ids.Phone("+33611111111")), Cancel);
        var web = await stitcher.StitchAsync(Contact("c2", 1, Channel.Web, "m", Ids.Account("a9")), Cancel);
        var survivor = (await Store.LoadPersonAsync(phone.Reclassified.PersonId, Cancel))!;
        var absorbed = (await Store.LoadPersonAsync(web.Reclassified.PersonId, Cancel))!;
        var engine = new Domain.Engine.JourneyEngine();
        engine.Load(survivor.Snapshot);
        engine.Load(absorbed.Snapshot);
        var link = Contact("c3", 2, Channel.Phone, "m", Ids.Phone("+33611111111"), Ids.Account("a9"));
        var merged = engine.FindPerson(engine.Apply(link).PersonId)!;
        Assert.Equal(survivor.Snapshot.Id, merged.Id);
        // What SaveAsync leaves when the process stops right after committing the survivor, found long after.
        var people = database.GetCollection<PersonDocument>(MongoJourneyQueries.People);
        await people.UpdateOneAsync(MongoJourneyQueries.PersonById(absorbed.Snapshot.Id), MongoJourneyQueries.LockForMerge(merged.Id, DateTime.UtcNow - (2 * MongoJourneyStore.MergeLease)), cancellationToken: Cancel);
        await people.UpdateOneAsync(MongoJourneyQueries.PersonById(merged.Id), MongoJourneyQueries.CommitSurvivor(new PersonDocument
        {
            Snapshot = BsonJson.ToDocument(Domain.Engine.JourneyEngine.Snapshot(merged)),
            Pending = new PendingWrite
            {
                Id = "w1",
                Interactions = [new InteractionDocument { Id = MongoJourneyQueries.KeyOf(link.Key), PersonId = merged.Id, Interaction = BsonJson.ToDocument(link), Reclassified = BsonJson.ToDocument(new ContactsReclassified { PersonId = merged.Id, Cause = link.Key, Changes = [] }) }],
                Absorbed = [absorbed.Snapshot.Id],
            },
        }), cancellationToken: Cancel);

        var owner = Assert.Single(await Store.LoadOwnersAsync([Ids.Account("a9")], Cancel));

        Assert.Equal(merged.Id, owner.Snapshot.Id);
        Assert.Equal(merged.Id, (await Store.LoadPersonAsync(absorbed.Snapshot.Id, Cancel))!.Snapshot.Id);
        Assert.Equal(["c1", "c2", "c3"], (await Store.LoadJourneyAsync(absorbed.Snapshot.Id, Cancel))!.Interactions.Select(i => i.Id));
    }

    private Task ClaimAsync(Identifier identifier, string personId, DateTime at) =>
        _client!.GetDatabase(_databases[^1]).GetCollection<IdentifierDocument>(MongoJourneyQueries.Identifiers).InsertOneAsync(
            new IdentifierDocument { Id = MongoJourneyQueries.KeyOf(identifier), PersonId = personId, ClaimedAt = at, Write = "w-" + personId }, cancellationToken: Cancel);
}
