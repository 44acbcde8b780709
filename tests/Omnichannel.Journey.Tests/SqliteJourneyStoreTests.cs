using CsCheck;
using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;
using Omnichannel.Journey.Engine;
using Omnichannel.Journey.Store;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>The SQLite journey store: what it keeps, and the races it refuses.</summary>
public sealed class SqliteJourneyStoreTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-store-").FullName;
    private SqliteJourneyStore _store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteJourneyStore(Path.Combine(_folder, "journeys.db"));
        await _store.InitializeAsync(Cancel);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>What the journey service does with one interaction: load the owners, apply, write.</summary>
    private async Task<ApplyResult> ApplyAsync(Interaction interaction)
    {
        var owners = await _store.LoadOwnersAsync(interaction.Identifiers.ToList(), Cancel);
        var sequence = await _store.NextCreationSequenceAsync(Cancel);
        var engine = new JourneyEngine(new JourneyClassifier(ReiterationWindows.Standard), () => sequence);
        foreach (var owner in owners)
        {
            engine.Load(owner.Snapshot);
        }

        var result = engine.Apply(interaction);
        var person = engine.FindPerson(result.PersonId)!;
        var version = owners.FirstOrDefault(o => o.Snapshot.Id == person.Id)?.Version;
        var absorbed = owners.Where(o => result.Absorbed.Contains(o.Snapshot.Id)).Select(o => new StoredPersonVersion(o.Snapshot.Id, o.Version)).ToList();
        await _store.SaveAsync(new JourneyWrite(interaction.Key, JourneyEngine.Snapshot(person), version, absorbed), Cancel);
        return result;
    }

    [Fact]
    public async Task A_new_person_is_kept_with_its_identifiers_journey_and_interaction()
    {
        var result = await ApplyAsync(Contact("c1", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611111111"), Ids.Tax("1111111111111")));

        Assert.True(await _store.IsRecordedAsync(Key("c1"), Cancel));
        Assert.False(await _store.IsRecordedAsync(Key("other"), Cancel));
        var owner = Assert.Single(await _store.LoadOwnersAsync([Ids.Tax("1111111111111")], Cancel));
        Assert.Equal(result.PersonId, owner.Snapshot.Id);
        Assert.Equal(1, owner.Version);
        Assert.Equal(Key("c1"), Assert.Single(owner.Snapshot.Journey).Key);
        Assert.Equal("pas.rate", owner.Snapshot.Journey[0].Subject!.Motive);
        Assert.Equal(2, owner.Snapshot.Identifiers.Count);
    }

    [Fact]
    public async Task An_interaction_is_recorded_once()
    {
        var call = Contact("c1", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611111111"));
        await ApplyAsync(call);

        await Assert.ThrowsAsync<ConcurrentChangeException>(() => ApplyAsync(call));
        Assert.Single(Assert.Single(await _store.LoadOwnersAsync([Ids.Phone("+33611111111")], Cancel)).Snapshot.Journey);
    }

    [Fact]
    public async Task A_write_from_a_stale_load_is_refused_and_changes_nothing()
    {
        await ApplyAsync(Contact("c1", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611111111")));
        var stale = Assert.Single(await _store.LoadOwnersAsync([Ids.Phone("+33611111111")], Cancel));
        await ApplyAsync(Contact("c2", 1, Channel.Phone, "pas.rate", Ids.Phone("+33611111111")));

        var engine = new JourneyEngine();
        var person = engine.Load(stale.Snapshot);
        engine.Apply(Contact("c3", 2, Channel.Phone, "pas.rate", Ids.Phone("+33611111111")));
        var write = new JourneyWrite(Key("c3"), JourneyEngine.Snapshot(person), stale.Version, []);

        await Assert.ThrowsAsync<ConcurrentChangeException>(() => _store.SaveAsync(write, Cancel));
        Assert.False(await _store.IsRecordedAsync(Key("c3"), Cancel));
        Assert.Equal(2, Assert.Single(await _store.LoadOwnersAsync([Ids.Phone("+33611111111")], Cancel)).Snapshot.Journey.Count);
    }

    [Fact]
    public async Task Two_writers_never_give_one_identifier_two_owners()
    {
        // Both load nobody for the same new phone, both create a person.
        var first = new JourneyEngine();
        var second = new JourneyEngine();
        var a = first.FindPerson(first.Apply(Contact("a", 0, Channel.Phone, "m", Ids.Phone("+33611111111"))).PersonId)!;
        var b = second.FindPerson(second.Apply(Contact("b", 0, Channel.Sms, "m", Ids.Phone("+33611111111"))).PersonId)!;

        await _store.SaveAsync(new JourneyWrite(Key("a"), JourneyEngine.Snapshot(a), null, []), Cancel);

        await Assert.ThrowsAsync<ConcurrentChangeException>(() => _store.SaveAsync(new JourneyWrite(Key("b"), JourneyEngine.Snapshot(b), null, []), Cancel));
        Assert.Equal(a.Id, Assert.Single(await _store.LoadOwnersAsync([Ids.Phone("+33611111111")], Cancel)).Snapshot.Id);
        Assert.False(await _store.IsRecordedAsync(Key("b"), Cancel));
    }

    [Fact]
    public async Task A_merged_person_redirects_to_its_survivor()
    {
        var phone = await ApplyAsync(Contact("c1", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611111111")));
        var web = await ApplyAsync(Contact("c2", 1, Channel.Web, "pas.rate", Ids.Account("a9")));

        var link = await ApplyAsync(Contact("c3", 3, Channel.Phone, "pas.rate", Ids.Phone("+33611111111"), Ids.Account("a9")));

        Assert.Equal(phone.PersonId, link.PersonId);
        Assert.Equal([web.PersonId], link.Absorbed);
        Assert.Equal(phone.PersonId, (await _store.LoadPersonAsync(web.PersonId, Cancel))!.Snapshot.Id);
        var owner = Assert.Single(await _store.LoadOwnersAsync([Ids.Account("a9"), Ids.Phone("+33611111111")], Cancel));
        Assert.Equal(3, owner.Snapshot.Journey.Count);
    }

    [Fact]
    public async Task Creation_sequences_increase()
    {
        var first = await _store.NextCreationSequenceAsync(Cancel);
        var second = await _store.NextCreationSequenceAsync(Cancel);

        Assert.True(second > first);
    }

    [Fact]
    public async Task Journeys_through_the_store_decide_exactly_as_one_engine()
    {
        await Scenario.WithConflicts.SampleAsync(async scenario =>
        {
            var store = new SqliteJourneyStore(Path.Combine(_folder, $"{Guid.NewGuid():N}.db"));
            await store.InitializeAsync(Cancel);
            _store = store;
            var whole = new JourneyEngine();
            foreach (var interaction in scenario.Shuffled())
            {
                var expected = whole.Apply(interaction);
                var actual = await ApplyAsync(interaction);
                Assert.Equal(expected.PersonId, actual.PersonId);
                Assert.Equal(expected.Changes, actual.Changes);
            }

            foreach (var person in whole.People)
            {
                var stored = (await store.LoadPersonAsync(person.Id, Cancel))!.Snapshot;
                Assert.Equal(person.Entries, stored.Journey);
                Assert.Equal(person.Identifiers.OrderBy(i => i.ToString()), stored.Identifiers.OrderBy(i => i.ToString()));
            }
        }, iter: 100, threads: 1);
    }
}
