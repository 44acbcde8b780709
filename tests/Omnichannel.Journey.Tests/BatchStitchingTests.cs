using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The real store, its first write held until released, its calls in order.</summary>
    private sealed class HeldWrites(IJourneyStore inner) : IJourneyStore
    {
        public TaskCompletionSource FirstSaveHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Calls { get; } = [];

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add("find");
            }

            return inner.FindRecordedAsync(interactions, cancellationToken);
        }

        public Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add("load");
            }

            return inner.LoadOwnersAsync(identifiers, cancellationToken);
        }

        public Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken) => inner.LoadPersonAsync(personId, cancellationToken);

        public Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken) => inner.LoadJourneyAsync(personId, cancellationToken);

        public async Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add("save");
            }

            if (FirstSaveHeld.TrySetResult())
            {
                await Release.Task.WaitAsync(cancellationToken);
            }

            await inner.SaveAsync(write, cancellationToken);
        }
    }
}
