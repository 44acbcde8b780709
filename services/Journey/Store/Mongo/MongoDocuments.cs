using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace Omnichannel.Journey.Store.Mongo;

/// <summary>
/// A person in the <c>people</c> collection. The snapshot is a plain BSON document written from the
/// domain's JSON shape: the store never queries inside it, only by id, version and the merge fields,
/// which are typed here for the expression builders. Classifications are derived on read; the
/// <c>classifications</c> array that documents written by earlier builds hold is ignored.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class PersonDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("creationSequence")]
    public long CreationSequence { get; set; }

    /// <summary>Optimistic concurrency: every write expects the version it loaded and increments it.</summary>
    [BsonElement("version")]
    public long Version { get; set; }

    /// <summary>Set once the person was merged into its survivor: a redirect.</summary>
    [BsonElement("mergedInto")]
    [BsonIgnoreIfNull]
    public string? MergedInto { get; set; }

    /// <summary>A merge into this survivor is under way: nobody else writes the person until it ends or the lease lapses.</summary>
    [BsonElement("mergingInto")]
    [BsonIgnoreIfNull]
    public string? MergingInto { get; set; }

    [BsonElement("mergingSince")]
    [BsonIgnoreIfNull]
    public DateTime? MergingSince { get; set; }

    [BsonElement("snapshot")]
    public BsonDocument Snapshot { get; set; } = [];

    /// <summary>The rest of the write that committed this person, until it is done (see <see cref="MongoJourneyStore"/>).</summary>
    [BsonElement("pending")]
    [BsonIgnoreIfNull]
    public PendingWrite? Pending { get; set; }
}

/// <summary>What remains of a write once its survivor is committed: each step is idempotent, any loader may finish it.</summary>
internal sealed class PendingWrite
{
    /// <summary>Names this write, so that finishing it clears this one and no later one.</summary>
    [BsonElement("id")]
    public string Id { get; set; } = "";

    /// <summary>The interactions to record, as the <c>interactions</c> collection keeps them.</summary>
    [BsonElement("interactions")]
    public List<InteractionDocument> Interactions { get; set; } = [];

    [BsonElement("absorbed")]
    public List<string> Absorbed { get; set; } = [];

    /// <summary>A split's identifiers, each to re-point to the person it went to (only a claim older than the commit).</summary>
    [BsonElement("identifierMoves")]
    [BsonIgnoreIfDefault]
    public List<IdentifierMoveDocument>? IdentifierMoves { get; set; }

    /// <summary>A split's interactions, each to move from the split person to the person it went to.</summary>
    [BsonElement("interactionMoves")]
    [BsonIgnoreIfDefault]
    public List<InteractionMoveDocument>? InteractionMoves { get; set; }

    /// <summary>When the write committed: an identifier moved by it is re-pointed only if no later write claimed it.</summary>
    [BsonElement("committedAt")]
    [BsonIgnoreIfNull]
    public DateTime? CommittedAt { get; set; }

    /// <summary>The decisions about identities the write applies, as the <c>decisions</c> collection keeps them.</summary>
    [BsonElement("decisions")]
    [BsonIgnoreIfDefault]
    public List<DecisionDocument>? Decisions { get; set; }

    /// <summary>The promises the write's classifications open, as the <c>promises</c> collection keeps them.</summary>
    [BsonElement("promises")]
    [BsonIgnoreIfDefault]
    public List<PromiseDocument>? Promises { get; set; }
}

/// <summary>A promise a classification opened (<see cref="StoredPromise"/>): written once, removed with its interaction.</summary>
internal sealed class PromiseDocument
{
    [BsonId]
    public PromiseKeyDocument Id { get; set; } = new();

    [BsonElement("service")]
    public string Service { get; set; } = "";

    /// <summary>The promise's instant, in UTC ticks (as the key's, for the index).</summary>
    [BsonElement("due")]
    public long Due { get; set; }
}

internal sealed class PromiseKeyDocument
{
    [BsonElement("source")]
    public string Source { get; set; } = "";

    [BsonElement("id")]
    public string Id { get; set; } = "";

    [BsonElement("verdict")]
    public int Verdict { get; set; }

    [BsonElement("due")]
    public long Due { get; set; }
}

internal sealed class IdentifierMoveDocument
{
    [BsonElement("id")]
    public IdentifierKeyDocument Id { get; set; } = new();

    [BsonElement("to")]
    public string To { get; set; } = "";
}

internal sealed class InteractionMoveDocument
{
    [BsonElement("id")]
    public InteractionKeyDocument Id { get; set; } = new();

    [BsonElement("to")]
    public string To { get; set; } = "";
}

/// <summary>One decision about identities in the <c>decisions</c> collection; its <c>_id</c> (the decision id) makes it applied once.</summary>
internal sealed class DecisionDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("personId")]
    public string PersonId { get; set; } = "";

    [BsonElement("decision")]
    public BsonDocument Decision { get; set; } = [];

    [BsonElement("reclassified")]
    public BsonDocument Reclassified { get; set; } = [];
}

/// <summary>
/// One identifier in the <c>identifiers</c> collection; its <c>_id</c> is the unique key (one owner each).
/// The document is written once, by the write that first claims the identifier; it is the person's only
/// once that person's committed snapshot lists the identifier (a person merged away leads to its survivor).
/// Until then it is a claim in flight, respected for <see cref="MongoJourneyStore.ClaimLease"/>, after which
/// a claim nobody committed is taken over.
/// </summary>
internal sealed class IdentifierDocument
{
    [BsonId]
    public IdentifierKeyDocument Id { get; set; } = new();

    [BsonElement("personId")]
    public string PersonId { get; set; } = "";

    /// <summary>When the claim was made (absent on documents of earlier builds, whose claims are long settled or long stopped).</summary>
    [BsonElement("claimedAt")]
    [BsonIgnoreIfNull]
    public DateTime? ClaimedAt { get; set; }

    /// <summary>The write that made the claim, so that it withdraws its own claims and no one else's.</summary>
    [BsonElement("write")]
    [BsonIgnoreIfNull]
    public string? Write { get; set; }
}

internal sealed class IdentifierKeyDocument
{
    [BsonElement("type")]
    public int Type { get; set; }

    [BsonElement("value")]
    public string Value { get; set; } = "";
}

/// <summary>One interaction in the <c>interactions</c> collection; its <c>_id</c> (source, id) is the idempotency key.</summary>
internal sealed class InteractionDocument
{
    [BsonId]
    public InteractionKeyDocument Id { get; set; } = new();

    [BsonElement("personId")]
    public string PersonId { get; set; } = "";

    [BsonElement("interaction")]
    public BsonDocument Interaction { get; set; } = [];

    [BsonElement("reclassified")]
    public BsonDocument Reclassified { get; set; } = [];

    /// <summary>What the interaction declared without linking (docs/domain.md §2): indexed, for the referents' claims.</summary>
    [BsonElement("declared")]
    [BsonIgnoreIfNull]
    public List<IdentifierKeyDocument>? Declared { get; set; }
}

internal sealed class InteractionKeyDocument
{
    [BsonElement("source")]
    public string Source { get; set; } = "";

    [BsonElement("id")]
    public string Id { get; set; } = "";
}

/// <summary>A counter in the <c>counters</c> collection (the person creation sequence).</summary>
internal sealed class CounterDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("value")]
    public long Value { get; set; }
}

/// <summary>A setting the journey role records for its readers (the classification policy).</summary>
internal sealed class SettingDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("value")]
    public string Value { get; set; } = "";
}

/// <summary>A keyed hash of an erased interaction or decision in the <c>tombstones</c> collection, kept until <see cref="Until"/> (a TTL index removes it after).</summary>
internal sealed class TombstoneDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("until")]
    public DateTime Until { get; set; }
}

/// <summary>
/// An erasure in the <c>erasures</c> collection: written first with the people it erases (opaque ids), so that an
/// erasure stopped half way is finished by the next attempt; then done, with what it removed (counts only).
/// </summary>
internal sealed class ErasureDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("at")]
    public DateTime At { get; set; }

    [BsonElement("requestedBy")]
    public string RequestedBy { get; set; } = "";

    [BsonElement("reason")]
    public string Reason { get; set; } = "";

    [BsonElement("personIds")]
    public List<string> PersonIds { get; set; } = [];

    [BsonElement("done")]
    public bool Done { get; set; }

    [BsonElement("people")]
    public int People { get; set; }

    [BsonElement("interactions")]
    public int Interactions { get; set; }

    [BsonElement("identifiers")]
    public int Identifiers { get; set; }

    [BsonElement("decisions")]
    public int Decisions { get; set; }
}
