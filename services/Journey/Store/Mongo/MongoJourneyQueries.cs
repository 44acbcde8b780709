using MongoDB.Driver;
using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store.Mongo;

/// <summary>
/// Every filter, update and index of the MongoDB journey store, built with the typed builders, in one
/// place so that tests render each to BSON and compare it with the expected document.
/// </summary>
internal static class MongoJourneyQueries
{
    public const string People = "people";
    public const string Identifiers = "identifiers";
    public const string Interactions = "interactions";
    public const string Counters = "counters";
    public const string Settings = "settings";
    public const string Decisions = "decisions";
    public const string Tombstones = "tombstones";
    public const string Promises = "promises";
    public const string Erasures = "erasures";
    public const string ErasureKey = "erasure-key";
    public const string RetentionReport = "retention-report";
    public const string ClassificationPolicy = "classification-policy";
    public const string PersonSequence = "person";

    private static FilterDefinitionBuilder<PersonDocument> PersonFilter => Builders<PersonDocument>.Filter;

    private static UpdateDefinitionBuilder<PersonDocument> PersonUpdate => Builders<PersonDocument>.Update;

    private static FilterDefinitionBuilder<IdentifierDocument> IdentifierFilter => Builders<IdentifierDocument>.Filter;

    public static IdentifierKeyDocument KeyOf(Identifier identifier) => new() { Type = (int)identifier.Type, Value = identifier.Value };

    public static InteractionKeyDocument KeyOf(InteractionKey key) => new() { Source = key.Source, Id = key.Id };

    public static FilterDefinition<IdentifierDocument> IdentifiersIn(IEnumerable<Identifier> identifiers) =>
        IdentifierFilter.In(d => d.Id, identifiers.Select(KeyOf));

    public static FilterDefinition<PersonDocument> PersonById(string personId) => PersonFilter.Eq(p => p.Id, personId);

    /// <summary>
    /// People not merged away whose snapshot holds a conflict notice or a shared identifier. The snapshot is the domain's JSON shape,
    /// untyped here, so its field is named by path (the one place the store looks inside a snapshot).
    /// </summary>
    public static FilterDefinition<PersonDocument> WithConflicts() =>
        PersonFilter.Eq(p => p.MergedInto, null) & (PersonFilter.Exists("snapshot.conflicts.0") | PersonFilter.Exists("snapshot.sharedIdentifiers.0"));

    /// <summary>Interactions that declared this identifier without linking it.</summary>
    public static FilterDefinition<InteractionDocument> Declaring(Identifier identifier) =>
        Builders<InteractionDocument>.Filter.AnyEq(d => d.Declared, KeyOf(identifier));

    /// <summary>Interactions that declared something without linking it.</summary>
    public static FilterDefinition<InteractionDocument> Declaring() => Builders<InteractionDocument>.Filter.SizeGt(d => d.Declared, 0);

    public static SortDefinition<InteractionDocument> InteractionsById() => Builders<InteractionDocument>.Sort.Ascending(d => d.Id);

    /// <summary>The claims' index: interactions by what they declared (sparse: most declare nothing).</summary>
    public static CreateIndexModel<InteractionDocument> InteractionsByDeclared() =>
        new(Builders<InteractionDocument>.IndexKeys.Ascending(d => d.Declared), new CreateIndexOptions { Sparse = true });

    public static PromiseDocument PromiseOf(StoredPromise promise) => new()
    {
        Id = new PromiseKeyDocument { Source = promise.Interaction.Source, Id = promise.Interaction.Id, Verdict = (int)promise.Verdict, Due = promise.Due.UtcTicks },
        Service = promise.Service,
        Due = promise.Due.UtcTicks,
    };

    /// <summary>Writes a promise once: a repeat (a write finished twice) changes nothing.</summary>
    public static ReplaceOneModel<PromiseDocument> RecordPromise(PromiseDocument promise) =>
        new(Builders<PromiseDocument>.Filter.Eq(d => d.Id, promise.Id), promise) { IsUpsert = true };

    /// <summary>The work lists' promises of a service falling due in a window.</summary>
    public static FilterDefinition<PromiseDocument> PromisesDue(string service, long after, long until) =>
        Builders<PromiseDocument>.Filter.Eq(d => d.Service, service) & Builders<PromiseDocument>.Filter.Gt(d => d.Due, after) & Builders<PromiseDocument>.Filter.Lte(d => d.Due, until);

    public static SortDefinition<PromiseDocument> SoonestFirst() => Builders<PromiseDocument>.Sort.Ascending(d => d.Due).Ascending(d => d.Id);

    /// <summary>The promises of these interactions (they leave with them).</summary>
    public static FilterDefinition<PromiseDocument> PromisesOf(IEnumerable<InteractionKey> interactions) =>
        Builders<PromiseDocument>.Filter.Or(interactions.Select(k =>
            Builders<PromiseDocument>.Filter.Eq(d => d.Id.Source, k.Source) & Builders<PromiseDocument>.Filter.Eq(d => d.Id.Id, k.Id)));

    /// <summary>The work lists' index: promises by service and instant.</summary>
    public static CreateIndexModel<PromiseDocument> PromisesByServiceAndDue() =>
        new(Builders<PromiseDocument>.IndexKeys.Ascending(d => d.Service).Ascending(d => d.Due), new CreateIndexOptions { Name = "promises_by_service_due" });

    public static FilterDefinition<InteractionDocument> InteractionsIn(IEnumerable<InteractionKey> keys) =>
        Builders<InteractionDocument>.Filter.In(d => d.Id, keys.Select(KeyOf));

    public static SortDefinition<PersonDocument> ById() => Builders<PersonDocument>.Sort.Ascending(p => p.Id);

    public static FilterDefinition<DecisionDocument> DecisionById(string decisionId) => Builders<DecisionDocument>.Filter.Eq(d => d.Id, decisionId);

    public static FilterDefinition<SettingDocument> SettingById(string name) => Builders<SettingDocument>.Filter.Eq(d => d.Id, name);

    /// <summary>The person as it was loaded: same version, not merged away. Any write to a person goes through this.</summary>
    public static FilterDefinition<PersonDocument> PersonAtVersion(string personId, long version) =>
        PersonFilter.Eq(p => p.Id, personId) & PersonFilter.Eq(p => p.Version, version) & PersonFilter.Eq(p => p.MergedInto, null);

    /// <summary>
    /// The survivor's new state, with the rest of its write pending; ends any lapsed merge lease on it, and
    /// drops the classifications earlier builds stored (they are derived on read now).
    /// </summary>
    public static UpdateDefinition<PersonDocument> CommitSurvivor(PersonDocument survivor) => PersonUpdate
        .Set(p => p.Snapshot, survivor.Snapshot)
        .Set(p => p.Pending, survivor.Pending)
        .Unset(p => p.MergingInto)
        .Unset(p => p.MergingSince)
        .Unset(LegacyClassifications)
        .Inc(p => p.Version, 1);

    /// <summary>A conflict notice on a person that kept its identity: the journey stays.</summary>
    public static UpdateDefinition<PersonDocument> ReplaceSnapshot(PersonDocument person) => PersonUpdate
        .Set(p => p.Snapshot, person.Snapshot)
        .Unset(p => p.MergingInto)
        .Unset(p => p.MergingSince)
        .Inc(p => p.Version, 1);

    /// <summary>Marks a person as being merged into <paramref name="survivorId"/>: other writers stay off it until the merge ends.</summary>
    public static UpdateDefinition<PersonDocument> LockForMerge(string survivorId, DateTime now) => PersonUpdate
        .Set(p => p.MergingInto, survivorId)
        .Set(p => p.MergingSince, now)
        .Inc(p => p.Version, 1);

    public static FilterDefinition<PersonDocument> LockedBy(IEnumerable<string> personIds, string survivorId) =>
        PersonFilter.In(p => p.Id, personIds) & PersonFilter.Eq(p => p.MergingInto, survivorId);

    public static UpdateDefinition<PersonDocument> ReleaseLock() => PersonUpdate
        .Unset(p => p.MergingInto)
        .Unset(p => p.MergingSince)
        .Inc(p => p.Version, 1);

    /// <summary>The absorbed person becomes a redirect to its survivor, which now holds all it had.</summary>
    public static UpdateDefinition<PersonDocument> FinishMerge(string survivorId) => PersonUpdate
        .Set(p => p.MergedInto, survivorId)
        .Unset(p => p.MergingInto)
        .Unset(p => p.MergingSince)
        .Unset(LegacyClassifications)
        .Inc(p => p.Version, 1);

    /// <summary>Where builds before classifications were derived on read kept them on the person.</summary>
    private const string LegacyClassifications = "classifications";

    public static FilterDefinition<PersonDocument> PendingFor(string personId, string writeId) =>
        PersonFilter.Eq(p => p.Id, personId) & PersonFilter.Eq(p => p.Pending!.Id, writeId);

    public static UpdateDefinition<PersonDocument> ClearPending() => PersonUpdate.Unset(p => p.Pending);

    /// <summary>
    /// An identifier the write already holds (through the survivor or a person it absorbs: those lead to the
    /// survivor once the merge is done), else none: the upsert then inserts the claim, or hits the unique
    /// <c>_id</c> when someone outside the write holds the identifier.
    /// </summary>
    public static FilterDefinition<IdentifierDocument> ClaimableBy(Identifier identifier, IEnumerable<string> writers) =>
        IdentifierFilter.Eq(d => d.Id, KeyOf(identifier)) & IdentifierFilter.In(d => d.PersonId, writers);

    /// <summary>A new claim, for the survivor, by this write; an identifier the write already holds is left as it is.</summary>
    public static UpdateDefinition<IdentifierDocument> Claim(string survivorId, string writeId, DateTime now) => Builders<IdentifierDocument>.Update
        .SetOnInsert(d => d.PersonId, survivorId)
        .SetOnInsert(d => d.ClaimedAt, now)
        .SetOnInsert(d => d.Write, writeId);

    public static FilterDefinition<IdentifierDocument> IdentifierById(Identifier identifier) => IdentifierFilter.Eq(d => d.Id, KeyOf(identifier));

    /// <summary>A claim exactly as it was read: taking it over fails if anyone changed it since.</summary>
    public static FilterDefinition<IdentifierDocument> ClaimAsRead(IdentifierDocument claim) =>
        IdentifierFilter.Eq(d => d.Id, claim.Id) & IdentifierFilter.Eq(d => d.PersonId, claim.PersonId) & IdentifierFilter.Eq(d => d.Write, claim.Write);

    /// <summary>A claim nobody committed, its lease run out, made this write's.</summary>
    public static UpdateDefinition<IdentifierDocument> TakeOver(string survivorId, string writeId, DateTime now) => Builders<IdentifierDocument>.Update
        .Set(d => d.PersonId, survivorId)
        .Set(d => d.ClaimedAt, now)
        .Set(d => d.Write, writeId);

    /// <summary>The claims a refused write made, and no one else's.</summary>
    public static FilterDefinition<IdentifierDocument> ClaimsOf(IEnumerable<Identifier> identifiers, string writeId) =>
        IdentifierFilter.In(d => d.Id, identifiers.Select(KeyOf)) & IdentifierFilter.Eq(d => d.Write, writeId);

    /// <summary>An identifier a split moves, unless a write after the split's commit claimed it since.</summary>
    public static FilterDefinition<IdentifierDocument> MovableSince(IdentifierKeyDocument identifier, DateTime committedAt) =>
        IdentifierFilter.Eq(d => d.Id, identifier) & (IdentifierFilter.Lt(d => d.ClaimedAt, committedAt) | IdentifierFilter.Eq(d => d.ClaimedAt, null));

    /// <summary>The identifier re-pointed to the person a split gave it to, as this write's.</summary>
    public static UpdateDefinition<IdentifierDocument> MoveIdentifier(string personId, string writeId, DateTime committedAt) => Builders<IdentifierDocument>.Update
        .Set(d => d.PersonId, personId)
        .Set(d => d.ClaimedAt, committedAt)
        .Set(d => d.Write, writeId);

    /// <summary>An interaction still on the person a split takes it from.</summary>
    public static FilterDefinition<InteractionDocument> InteractionOf(InteractionKeyDocument key, string personId) =>
        Builders<InteractionDocument>.Filter.Eq(d => d.Id, key) & Builders<InteractionDocument>.Filter.Eq(d => d.PersonId, personId);

    /// <summary>A person a split made, written again only while it is as the split first wrote it (nothing committed it since).</summary>
    public static FilterDefinition<PersonDocument> UntouchedSplitPerson(string personId) =>
        PersonFilter.Eq(p => p.Id, personId) & PersonFilter.Eq(p => p.Version, 1);

    public static FilterDefinition<InteractionDocument> InteractionById(InteractionKey key) =>
        Builders<InteractionDocument>.Filter.Eq(d => d.Id, KeyOf(key));

    public static FilterDefinition<InteractionDocument> InteractionsOf(IEnumerable<string> personIds) =>
        Builders<InteractionDocument>.Filter.In(d => d.PersonId, personIds);

    public static UpdateDefinition<InteractionDocument> MoveTo(string survivorId) => Builders<InteractionDocument>.Update.Set(d => d.PersonId, survivorId);

    public static FilterDefinition<CounterDocument> Counter(string name) => Builders<CounterDocument>.Filter.Eq(c => c.Id, name);

    public static UpdateDefinition<CounterDocument> Increment() => Builders<CounterDocument>.Update.Inc(c => c.Value, 1);

    /// <summary>The people merged straight into any of these survivors.</summary>
    public static FilterDefinition<PersonDocument> MergedInto(IEnumerable<string> survivorIds) => PersonFilter.In(p => p.MergedInto, survivorIds);

    /// <summary>The indexes created at start (infra/mongo/README.md lists them). Each collection's <c>_id</c> is the unique key.</summary>
    public static CreateIndexModel<InteractionDocument> InteractionsByPerson() =>
        new(Builders<InteractionDocument>.IndexKeys.Ascending(d => d.PersonId), new CreateIndexOptions { Name = "interactions_by_person" });

    /// <summary>Finds who was merged into a survivor; sparse, since most people never are.</summary>
    public static CreateIndexModel<PersonDocument> PeopleBySurvivor() =>
        new(Builders<PersonDocument>.IndexKeys.Ascending(p => p.MergedInto), new CreateIndexOptions { Name = "people_by_survivor", Sparse = true });

    /// <summary>Removes each tombstone once its period is over (the data-protection rules keep them for a configured period).</summary>
    public static CreateIndexModel<TombstoneDocument> TombstonesExpiry() =>
        new(Builders<TombstoneDocument>.IndexKeys.Ascending(t => t.Until), new CreateIndexOptions { Name = "tombstones_expiry", ExpireAfter = TimeSpan.Zero });

    /// <summary>Finds a person's decisions (an export, an erasure).</summary>
    public static CreateIndexModel<DecisionDocument> DecisionsByPerson() =>
        new(Builders<DecisionDocument>.IndexKeys.Ascending(d => d.PersonId), new CreateIndexOptions { Name = "decisions_by_person" });

    public static FilterDefinition<TombstoneDocument> TombstonesIn(IEnumerable<string> hashes) => Builders<TombstoneDocument>.Filter.In(t => t.Id, hashes);

    /// <summary>One tombstone by its hash (an equality, so that an upsert inserts it under that <c>_id</c>).</summary>
    public static FilterDefinition<TombstoneDocument> TombstoneById(string hash) => Builders<TombstoneDocument>.Filter.Eq(t => t.Id, hash);

    public static FilterDefinition<TombstoneDocument> TombstonesBefore(DateTime now) => Builders<TombstoneDocument>.Filter.Lt(t => t.Until, now);

    /// <summary>A tombstone kept at least until this instant.</summary>
    public static UpdateDefinition<TombstoneDocument> KeepUntil(DateTime until) => Builders<TombstoneDocument>.Update.Max(t => t.Until, until);

    public static FilterDefinition<ErasureDocument> ErasureById(string erasureId) => Builders<ErasureDocument>.Filter.Eq(e => e.Id, erasureId);

    /// <summary>An erasure under way: when it began, and more people to erase.</summary>
    public static UpdateDefinition<ErasureDocument> BeginErasure(DateTime at, string requestedBy, string reason, IEnumerable<string> personIds) => Builders<ErasureDocument>.Update
        .SetOnInsert(e => e.At, at)
        .SetOnInsert(e => e.RequestedBy, requestedBy)
        .SetOnInsert(e => e.Reason, reason)
        .AddToSetEach(e => e.PersonIds, personIds);

    /// <summary>Done: the people's ids leave the record (nothing of them is kept), the counts stay.</summary>
    public static UpdateDefinition<ErasureDocument> FinishErasure(int people, int interactions, int identifiers, int decisions) => Builders<ErasureDocument>.Update
        .Set(e => e.Done, true)
        .Set(e => e.PersonIds, [])
        .Set(e => e.People, people)
        .Set(e => e.Interactions, interactions)
        .Set(e => e.Identifiers, identifiers)
        .Set(e => e.Decisions, decisions);

    public static FilterDefinition<PersonDocument> PeopleIn(IEnumerable<string> personIds) => PersonFilter.In(p => p.Id, personIds);

    public static FilterDefinition<IdentifierDocument> IdentifiersOf(IEnumerable<string> personIds) => IdentifierFilter.In(d => d.PersonId, personIds);

    public static FilterDefinition<DecisionDocument> DecisionsOf(IEnumerable<string> personIds) => Builders<DecisionDocument>.Filter.In(d => d.PersonId, personIds);

    /// <summary>Interactions of a person among these keys (retention removes them from their person only).</summary>
    public static FilterDefinition<InteractionDocument> InteractionsOfPerson(IEnumerable<InteractionKey> keys, string personId) =>
        Builders<InteractionDocument>.Filter.In(d => d.Id, keys.Select(KeyOf)) & Builders<InteractionDocument>.Filter.Eq(d => d.PersonId, personId);

    /// <summary>Retention's pages: people not merged away, after an id.</summary>
    public static FilterDefinition<PersonDocument> LivePeopleAfter(string? after) =>
        PersonFilter.Eq(p => p.MergedInto, null) & PersonFilter.Gt(p => p.Id, after ?? "");

    public static UpdateDefinition<SettingDocument> SetOnInsert(string value) => Builders<SettingDocument>.Update.SetOnInsert(d => d.Value, value);
}
