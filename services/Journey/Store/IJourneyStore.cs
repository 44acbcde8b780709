using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The journey store as its readers see it (the portal): people and journeys, never a write. Readers
/// classify what they read with the journey role's policy.
/// </summary>
public interface IJourneyReader
{
    /// <summary>The current owners of these identifiers (each once, merged people followed to their survivor).</summary>
    Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken);

    /// <summary>A person by id, following merges.</summary>
    Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken);

    /// <summary>A person's whole journey by id, following merges.</summary>
    Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken);

    /// <summary>People (not merged away) who hold a conflict notice or a shared identifier, for the referents' work list: at most <paramref name="limit"/>, by id.</summary>
    Task<IReadOnlyList<StoredPerson>> ListPeopleWithConflictsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims for the referents' work list: interactions that declared an identifier another person holds (the
    /// holder as of now), at most <paramref name="limit"/>, by interaction key.
    /// </summary>
    Task<IReadOnlyList<StoredClaim>> ListClaimsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The people whose interactions declared this identifier without linking it, at most <paramref name="limit"/> (by id).</summary>
    Task<IReadOnlyList<string>> FindDeclaringPeopleAsync(Identifier identifier, int limit, CancellationToken cancellationToken);

    /// <summary>The policy the journey role recorded; null before it first started.</summary>
    Task<string?> ReadClassificationPolicyAsync(CancellationToken cancellationToken);

    /// <summary>The decisions about identities recorded for these people (a data-protection export), oldest first.</summary>
    Task<IReadOnlyList<ApplyIdentityDecision>> ListDecisionsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken);

    /// <summary>An erasure, once done: what it removed; null while it is not (or never was asked for).</summary>
    Task<ErasureReport?> FindErasureAsync(string erasureId, CancellationToken cancellationToken);

    /// <summary>What the last retention run of the journey role did (<see cref="Retention.RetentionReport"/>); null before the first.</summary>
    Task<Retention.RetentionReport?> ReadRetentionReportAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The work lists' candidates: promises a classification opened for <paramref name="service"/> ("" for none) whose
    /// instant is after <paramref name="after"/> and no later than <paramref name="until"/>, soonest first, each with the
    /// person whose journey holds its interaction now. A candidate may have been kept since (an acknowledgement came):
    /// the person's journey says which are still open (<see cref="StoredPromise.IsOpenIn"/>).
    /// </summary>
    Task<IReadOnlyList<StoredPromise>> ListPromisesAsync(string service, DateTimeOffset after, DateTimeOffset until, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// The journey store as its one writer, the journey service, needs it. The domain decides (the engine, on
/// the people loaded); the store persists, and refuses a write that lost a race with <see cref="ConcurrentChangeException"/>.
/// </summary>
public interface IJourneyStore : IJourneyReader
{
    /// <summary>Creates the schema and indexes, or migrates them, at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Of these interactions, the ones recorded, with what recording each published.</summary>
    Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken);

    /// <summary>A decision about identities, if it was applied: what it reclassified.</summary>
    Task<ContactsReclassified?> FindDecisionAsync(string decisionId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the change. A person the change created gets its creation sequence here, after every person
    /// stored before ("created first" across every writer), in the order of the provisional sequences the
    /// engine gave, which are above all it loaded and so decided the same.
    /// </summary>
    /// <exception cref="ConcurrentChangeException">Another writer got there first.</exception>
    Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// The classification policy the journey role classifies with (<see cref="Domain.Classification.ReiterationWindows.Describe"/>),
    /// recorded at its start, so that a reader that classifies as it reads can check it uses the same one.
    /// </summary>
    Task RecordClassificationPolicyAsync(string policy, CancellationToken cancellationToken);

    /// <summary>
    /// Of these keys (interactions, or decisions' causes), the ones whose tombstone is kept (<see cref="Erasure.Tombstones"/>
    /// hashes them): the recorded interactions and decisions of an erased person.
    /// </summary>
    Task<IReadOnlySet<InteractionKey>> FindTombstonedAsync(IReadOnlyCollection<InteractionKey> keys, Erasure.Tombstones tombstones, CancellationToken cancellationToken);

    /// <summary>
    /// Erases a person and everyone merged into it (<see cref="PersonErasure"/>); an erasure with an id is recorded
    /// with what it removed, once: asked again, it returns what it did.
    /// </summary>
    /// <exception cref="ConcurrentChangeException">The person changed since it was loaded: load and erase again.</exception>
    Task<ErasureReport> EraseAsync(PersonErasure erasure, CancellationToken cancellationToken);

    /// <summary>Removes the oldest interactions of a journey (retention); the person stays, at its next version.</summary>
    /// <exception cref="ConcurrentChangeException">The person changed since it was loaded.</exception>
    Task ExpireAsync(InteractionExpiry expiry, CancellationToken cancellationToken);

    /// <summary>The people (not merged away) after <paramref name="after"/> in id order, at most <paramref name="limit"/>: retention's pages.</summary>
    Task<IReadOnlyList<string>> ListPeopleAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Removes tombstones kept until before <paramref name="now"/>, at most <paramref name="limit"/>; returns how many.</summary>
    Task<int> PurgeTombstonesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>A random secret of 32 bytes kept in the store under this name, made by whoever asks first.</summary>
    Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken);

    /// <summary>Records what a retention run did, for the data-protection officer's page.</summary>
    Task RecordRetentionReportAsync(Retention.RetentionReport report, CancellationToken cancellationToken);
}
