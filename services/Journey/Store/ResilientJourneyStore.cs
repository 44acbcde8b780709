using Microsoft.Data.Sqlite;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Telemetry;
using Polly;
using Polly.Retry;

namespace Omnichannel.Journey.Store;

/// <summary>
/// Retries a store call that failed for a passing reason (a busy SQLite file, a MongoDB failover or a
/// dropped connection) a few times with jitter. A lost race (<see cref="ConcurrentChangeException"/>) is
/// not passing: the whole message must be applied again from a new load, which the message retry does.
/// Kept small, so that it does not multiply with the message retry.
/// </summary>
public sealed class ResilientJourneyStore : IJourneyStore
{
    private readonly IJourneyStore _inner;
    private readonly ResiliencePipeline _pipeline;

    public ResilientJourneyStore(IJourneyStore inner, int retries = 3, TimeSpan? delay = null)
    {
        _inner = inner;
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = delay ?? TimeSpan.FromMilliseconds(200),
            })
            .Build();
    }

    private async Task RunAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        using var activity = OmnichannelTelemetry.StartStoreCall("journey-store", operation);
        await _pipeline.ExecuteAsync(async token => await call(token), cancellationToken);
    }

    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var activity = OmnichannelTelemetry.StartStoreCall("journey-store", operation);
        return await _pipeline.ExecuteAsync(async token => await call(token), cancellationToken);
    }

    /// <summary>The adapter it retries.</summary>
    public IJourneyStore Inner => _inner;

    /// <summary>Faults that a later attempt of the same call can get past.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => true, // SQLITE_BUSY, SQLITE_LOCKED
        MongoConnectionException or MongoNotPrimaryException or MongoNodeIsRecoveringException or MongoWaitQueueFullException => true,
        MongoExecutionTimeoutException or TimeoutException => true,
        MongoException mongo when mongo.HasErrorLabel("RetryableWriteError") || mongo.HasErrorLabel("TransientTransactionError") => true,
        _ => false,
    };

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        RunAsync("initialize", token => _inner.InitializeAsync(token), cancellationToken);

    public Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken) =>
        RunAsync("find-recorded", token => _inner.FindRecordedAsync(interactions, token), cancellationToken);

    public Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken) =>
        RunAsync("load-owners", token => _inner.LoadOwnersAsync(identifiers, token), cancellationToken);

    public Task<IReadOnlyList<StoredPerson>> ListPeopleWithConflictsAsync(int limit, CancellationToken cancellationToken) =>
        RunAsync("list-conflicts", token => _inner.ListPeopleWithConflictsAsync(limit, token), cancellationToken);

    public Task<IReadOnlyList<string>> FindDeclaringPeopleAsync(Identifier identifier, int limit, CancellationToken cancellationToken) =>
        RunAsync("find-declaring", token => _inner.FindDeclaringPeopleAsync(identifier, limit, token), cancellationToken);

    public Task<IReadOnlyList<StoredClaim>> ListClaimsAsync(int limit, CancellationToken cancellationToken) =>
        RunAsync("list-claims", token => _inner.ListClaimsAsync(limit, token), cancellationToken);

    public Task<ContactsReclassified?> FindDecisionAsync(string decisionId, CancellationToken cancellationToken) =>
        RunAsync("find-decision", token => _inner.FindDecisionAsync(decisionId, token), cancellationToken);

    public Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken) =>
        RunAsync("load-person", token => _inner.LoadPersonAsync(personId, token), cancellationToken);

    public Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken) =>
        RunAsync("load-journey", token => _inner.LoadJourneyAsync(personId, token), cancellationToken);

    // A save that failed half way was rolled back (SQLite) or is finished by the next load (MongoDB):
    // saving again either succeeds or reports the race.
    public Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken) =>
        RunAsync("save", token => _inner.SaveAsync(write, token), cancellationToken);

    public Task RecordClassificationPolicyAsync(string policy, CancellationToken cancellationToken) =>
        RunAsync("record-policy", token => _inner.RecordClassificationPolicyAsync(policy, token), cancellationToken);

    public Task<string?> ReadClassificationPolicyAsync(CancellationToken cancellationToken) =>
        RunAsync("read-policy", token => _inner.ReadClassificationPolicyAsync(token), cancellationToken);

    public Task<IReadOnlyList<ApplyIdentityDecision>> ListDecisionsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken) =>
        RunAsync("list-decisions", token => _inner.ListDecisionsAsync(personIds, token), cancellationToken);

    public Task<IReadOnlyList<StoredPromise>> ListPromisesAsync(string service, DateTimeOffset after, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        RunAsync("list-promises", token => _inner.ListPromisesAsync(service, after, until, limit, token), cancellationToken);

    public Task<ErasureReport?> FindErasureAsync(string erasureId, CancellationToken cancellationToken) =>
        RunAsync("find-erasure", token => _inner.FindErasureAsync(erasureId, token), cancellationToken);

    public Task<Retention.RetentionReport?> ReadRetentionReportAsync(CancellationToken cancellationToken) =>
        RunAsync("read-retention", token => _inner.ReadRetentionReportAsync(token), cancellationToken);

    public Task<IReadOnlySet<InteractionKey>> FindTombstonedAsync(IReadOnlyCollection<InteractionKey> keys, Erasure.Tombstones tombstones, CancellationToken cancellationToken) =>
        RunAsync("find-tombstoned", token => _inner.FindTombstonedAsync(keys, tombstones, token), cancellationToken);

    // An erasure that failed half way was rolled back (SQLite) or left its record, which the next attempt finishes (MongoDB).
    public Task<ErasureReport> EraseAsync(PersonErasure erasure, CancellationToken cancellationToken) =>
        RunAsync("erase", token => _inner.EraseAsync(erasure, token), cancellationToken);

    public Task ExpireAsync(InteractionExpiry expiry, CancellationToken cancellationToken) =>
        RunAsync("expire", token => _inner.ExpireAsync(expiry, token), cancellationToken);

    public Task<IReadOnlyList<string>> ListPeopleAsync(string? after, int limit, CancellationToken cancellationToken) =>
        RunAsync("list-people", token => _inner.ListPeopleAsync(after, limit, token), cancellationToken);

    public Task<int> PurgeTombstonesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        RunAsync("purge-tombstones", token => _inner.PurgeTombstonesAsync(now, limit, token), cancellationToken);

    public Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken) =>
        RunAsync("secret", token => _inner.GetOrCreateSecretAsync(name, token), cancellationToken);

    public Task RecordRetentionReportAsync(Retention.RetentionReport report, CancellationToken cancellationToken) =>
        RunAsync("record-retention", token => _inner.RecordRetentionReportAsync(report, token), cancellationToken);
}
