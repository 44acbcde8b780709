using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;
using Omnichannel.Journey.Tests.Support;
using Xunit;

namespace Omnichannel.Journey.Tests;

/// <summary>
/// Two batches of one process are in hand at once, but the second is loaded only once the first is
/// written: it builds on what the first wrote instead of racing it for the same person.
/// </summary>
public sealed class BatchStitchingTests : IDisposable
{
    private static readonly JourneyClassifier Classifier = new(ReiterationWindows.Standard);
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-batches-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_batch_of_the_same_person_waits_for_the_first_to_be_written_and_builds_on_it()
    {
        var sqlite = new SqliteJourneyStore(Path.Combine(_folder, "journeys.db"), Classifier);
        await sqlite.InitializeAsync(Cancel);
        var store = new HeldWrites(sqlite);
        var stitcher = new JourneyStitcher(store, Classifier);
        var phone = Ids.Phone("+33611111111");

        var first = stitcher.StitchBatchAsync([Journeys.Contact("a", 0, Channel.Phone, "m", phone)], Cancel);
        await store.FirstSaveHeld.Task.WaitAsync(Cancel);
        var second = stitcher.StitchBatchAsync([Journeys.Contact("b", 1, Channel.Email, "m", phone)], Cancel);
        // While the first write is held, the second batch has not even looked for its interactions.
        await Task.Delay(200, Cancel);
        Assert.Equal(["find", "load", "save"], store.Calls);

        store.Release.SetResult();
        var (one, two) = (Assert.Single(await first), Assert.Single(await second));

        Assert.Equal(["find", "load", "save", "find", "load", "save"], store.Calls);
        Assert.True(one.Recorded && two.Recorded);
        Assert.Equal(one.Reclassified.PersonId, two.Reclassified.PersonId);
        Assert.Equal(["a", "b"], (await sqlite.LoadPersonAsync(one.Reclassified.PersonId, Cancel))!.Snapshot.Journey.Select(e => e.Key.Id));
        await sqlite.DisposeAsync();
    }

    [Fact]
    public async Task People_loaded_at_different_instants_that_claim_one_identifier_are_a_race_lost_not_a_poison_message()
    {
        var sqlite = new SqliteJourneyStore(Path.Combine(_folder, "journeys.db"), Classifier);
        await sqlite.InitializeAsync(Cancel);
        var phone = Ids.Phone("+33611111111");
        await new JourneyStitcher(sqlite, Classifier).StitchAsync(Journeys.Contact("a", 0, Channel.Phone, "m", phone), Cancel);
        // A read that saw another writer's move half done: someone else holds the phone too.
        var stitcher = new JourneyStitcher(new AlsoClaimed(sqlite, new PersonSnapshot("elsewhere", 1, [phone], [], [])), Classifier);
        var b = Journeys.Contact("b", 1, Channel.Email, "m", phone);

        var race = await Assert.ThrowsAsync<ConcurrentChangeException>(() => stitcher.StitchBatchAsync([b], Cancel));

        Assert.Contains("overlap", race.Message, StringComparison.Ordinal);
        // Loaded again from a consistent view, it goes through.
        Assert.True(Assert.Single(await new JourneyStitcher(sqlite, Classifier).StitchBatchAsync([b], Cancel)).Recorded);
        await sqlite.DisposeAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The real store, whose loads also find another person at version 1.</summary>
    private sealed class AlsoClaimed(IJourneyStore inner, PersonSnapshot other) : ForwardingStore(inner)
    {
        public override async Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken) =>
            [.. await base.LoadOwnersAsync(identifiers, cancellationToken), new StoredPerson(other, 1)];
    }

    /// <summary>The real store, its first write held until released, its calls in order.</summary>
    private sealed class HeldWrites(IJourneyStore inner) : ForwardingStore(inner)
    {
        public TaskCompletionSource FirstSaveHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Calls { get; } = [];

        public override Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken)
        {
            Record("find");
            return base.FindRecordedAsync(interactions, cancellationToken);
        }

        public override Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken)
        {
            Record("load");
            return base.LoadOwnersAsync(identifiers, cancellationToken);
        }

        public override async Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken)
        {
            Record("save");
            if (FirstSaveHeld.TrySetResult())
            {
                await Release.Task.WaitAsync(cancellationToken);
            }

            await base.SaveAsync(write, cancellationToken);
        }

        private void Record(string call)
        {
            lock (Calls)
            {
                Calls.Add(call);
            }
        }
    }

    /// <summary>Passes every call to the real store; a test store overrides the calls it watches or changes.</summary>
    private abstract class ForwardingStore(IJourneyStore inner) : IJourneyStore
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public virtual Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken) =>
            inner.FindRecordedAsync(interactions, cancellationToken);

        public virtual Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken) =>
            inner.LoadOwnersAsync(identifiers, cancellationToken);

        public Task<ContactsReclassified?> FindDecisionAsync(string decisionId, CancellationToken cancellationToken) => inner.FindDecisionAsync(decisionId, cancellationToken);

        public Task<IReadOnlyList<StoredPerson>> ListPeopleWithConflictsAsync(int limit, CancellationToken cancellationToken) => inner.ListPeopleWithConflictsAsync(limit, cancellationToken);

        public Task<IReadOnlyList<StoredClaim>> ListClaimsAsync(int limit, CancellationToken cancellationToken) => inner.ListClaimsAsync(limit, cancellationToken);

        public Task<IReadOnlyList<string>> FindDeclaringPeopleAsync(Identifier identifier, int limit, CancellationToken cancellationToken) => inner.FindDeclaringPeopleAsync(identifier, limit, cancellationToken);

        public Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken) => inner.LoadPersonAsync(personId, cancellationToken);

        public Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken) => inner.LoadJourneyAsync(personId, cancellationToken);

        public virtual Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken) => inner.SaveAsync(write, cancellationToken);

        public Task RecordClassificationPolicyAsync(string policy, CancellationToken cancellationToken) => inner.RecordClassificationPolicyAsync(policy, cancellationToken);

        public Task<string?> ReadClassificationPolicyAsync(CancellationToken cancellationToken) => inner.ReadClassificationPolicyAsync(cancellationToken);

        public Task<IReadOnlyList<ApplyIdentityDecision>> ListDecisionsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken) => inner.ListDecisionsAsync(personIds, cancellationToken);

        public Task<ErasureReport?> FindErasureAsync(string erasureId, CancellationToken cancellationToken) => inner.FindErasureAsync(erasureId, cancellationToken);

        public Task<Journey.Retention.RetentionReport?> ReadRetentionReportAsync(CancellationToken cancellationToken) => inner.ReadRetentionReportAsync(cancellationToken);

        public Task<IReadOnlyList<StoredPromise>> ListPromisesAsync(string service, DateTimeOffset after, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
            inner.ListPromisesAsync(service, after, until, limit, cancellationToken);

        public Task<IReadOnlySet<InteractionKey>> FindTombstonedAsync(IReadOnlyCollection<InteractionKey> keys, Journey.Erasure.Tombstones tombstones, CancellationToken cancellationToken) =>
            inner.FindTombstonedAsync(keys, tombstones, cancellationToken);

        public Task<ErasureReport> EraseAsync(PersonErasure erasure, CancellationToken cancellationToken) => inner.EraseAsync(erasure, cancellationToken);

        public Task ExpireAsync(InteractionExpiry expiry, CancellationToken cancellationToken) => inner.ExpireAsync(expiry, cancellationToken);

        public Task<IReadOnlyList<string>> ListPeopleAsync(string? after, int limit, CancellationToken cancellationToken) => inner.ListPeopleAsync(after, limit, cancellationToken);

        public Task<int> PurgeTombstonesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) => inner.PurgeTombstonesAsync(now, limit, cancellationToken);

        public Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken) => inner.GetOrCreateSecretAsync(name, cancellationToken);

        public Task RecordRetentionReportAsync(Journey.Retention.RetentionReport report, CancellationToken cancellationToken) => inner.RecordRetentionReportAsync(report, cancellationToken);
    }
}
