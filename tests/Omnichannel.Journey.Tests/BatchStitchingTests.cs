using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;
using Omnichannel.Journey.Tests.Support;
using Xunit;

namespace Omnichannel.Journey.Tests;

/// <summary>
/// Two batches of one process are in hand at once: the second is loaded and applied once the first is
/// queued for writing, and builds on it while it commits instead of racing it for the same person. The
/// commits are held here by another connection that keeps the file's write lock, as another process would.
/// </summary>
public sealed class BatchStitchingTests : IDisposable
{
    private static readonly JourneyClassifier Classifier = new(ReiterationWindows.Standard);
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-batches-").FullName;

    private static readonly Identifier Phone = Ids.Phone("+33611111111");
    private static readonly Interaction A = Journeys.Contact("a", 0, Channel.Phone, "m", Phone);
    private static readonly Interaction B = Journeys.Contact("b", 1, Channel.Email, "m", Phone);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Database => Path.Combine(_folder, "journeys.db");

    [Fact(Timeout = 30_000)]
    public async Task A_second_batch_of_the_same_person_builds_on_the_first_while_it_commits()
    {
        await using var sqlite = new SqliteJourneyStore(Database, Classifier);
        var (_, first, second, blocker) = await TwoBatchesQueuedAsync(sqlite, A, B);
        // Both written, neither committed: the file's lock is still held.
        Assert.False(first.IsCompleted || second.IsCompleted);

        await ReleaseAsync(blocker);
        var (one, two) = (Assert.Single(await first), Assert.Single(await second));

        Assert.True(one.Recorded && two.Recorded);
        Assert.Equal(one.Reclassified.PersonId, two.Reclassified.PersonId);
        Assert.Equal(["a", "b"], (await sqlite.LoadPersonAsync(one.Reclassified.PersonId, Cancel))!.Snapshot.Journey.Select(e => e.Key.Id));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_write_that_fails_to_commit_fails_the_one_built_on_it_which_applies_again_from_the_file()
    {
        await using var sqlite = new SqliteJourneyStore(Database, Classifier);
        var (stitcher, first, second, blocker) = await TwoBatchesQueuedAsync(sqlite, A, B);
        var (a, b) = (A, B);
        // Meanwhile another writer records "a" (for someone else): the first write loses its race.
        var other = blocker.Connection!;
        await using (var command = other.CreateCommand())
        {
            command.Transaction = blocker;
            command.CommandText = "INSERT INTO interactions (source, id, person_id) VALUES ($source, $id, 'elsewhere')";
            command.Parameters.AddWithValue("$source", a.Source);
            command.Parameters.AddWithValue("$id", a.Id);
            await command.ExecuteNonQueryAsync(Cancel);
        }

        await blocker.CommitAsync(Cancel);
        await other.DisposeAsync();

        await Assert.ThrowsAsync<ConcurrentChangeException>(() => first);
        // The second loaded the person the first created, which never was: it expected a version that never came.
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => second);

        // Applied again, it sees the file only: a person of its own, "a" recorded elsewhere.
        var again = Assert.Single(await stitcher.StitchBatchAsync([b], Cancel));
        Assert.True(again.Recorded);
        var person = (await sqlite.LoadPersonAsync(again.Reclassified.PersonId, Cancel))!;
        Assert.Equal(["b"], person.Snapshot.Journey.Select(e => e.Key.Id));
        Assert.Equal(1, person.Version);
        Assert.False(Assert.Single(await stitcher.StitchBatchAsync([a], Cancel)).Recorded);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// Another connection takes the file's write lock and keeps it; then two batches of one person are
    /// stitched, and both are queued for writing, neither committed.
    /// </summary>
    private async Task<(JourneyStitcher Stitcher, Task<IReadOnlyList<StitchOutcome>> First, Task<IReadOnlyList<StitchOutcome>> Second, SqliteTransaction Blocker)> TwoBatchesQueuedAsync(
        SqliteJourneyStore sqlite, Interaction first, Interaction second)
    {
        await sqlite.InitializeAsync(Cancel);
        var store = new CountedWrites(sqlite);
        var stitcher = new JourneyStitcher(store, Classifier);
        var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync(Cancel);
        var blocker = connection.BeginTransaction(deferred: false);
        var one = stitcher.StitchBatchAsync([first], Cancel);
        var two = stitcher.StitchBatchAsync([second], Cancel);
        await store.TwoQueued.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        return (stitcher, one, two, blocker);
    }

    private static async Task ReleaseAsync(SqliteTransaction blocker)
    {
        var connection = blocker.Connection!;
        await blocker.RollbackAsync(Cancel);
        await connection.DisposeAsync();
    }

    /// <summary>The real store, telling when two writes are queued.</summary>
    private sealed class CountedWrites(IJourneyStore inner) : IJourneyStore
    {
        private int _queued;

        public TaskCompletionSource TwoQueued { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken) =>
            inner.FindRecordedAsync(interactions, cancellationToken);

        public Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken) =>
            inner.LoadOwnersAsync(identifiers, cancellationToken);

        public Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken) => inner.LoadPersonAsync(personId, cancellationToken);

        public Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken) => inner.LoadJourneyAsync(personId, cancellationToken);

        public async Task<Task> WriteAsync(JourneyWrite write, CancellationToken cancellationToken)
        {
            var committed = await inner.WriteAsync(write, cancellationToken);
            if (Interlocked.Increment(ref _queued) == 2)
            {
                TwoQueued.TrySetResult();
            }

            return committed;
        }
    }
}
