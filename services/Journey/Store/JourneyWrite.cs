namespace Omnichannel.Journey.Store;

/// <summary>
/// What applying interactions changes in the store, written at once or not at all (SQLite), or with a
/// commit point per person (MongoDB): the interactions recorded, the people after the change (new, or at
/// the version they were loaded at), and the people merged away, each at its loaded version.
/// </summary>
/// <param name="Interactions">The interactions applied, each recorded once (its key is unique).</param>
/// <param name="People">The people the change created or changed, as they are after it.</param>
/// <param name="Absorbed">The loaded people merged into another, now redirecting to it.</param>
public sealed record JourneyWrite(
    IReadOnlyList<RecordedInteraction> Interactions,
    IReadOnlyList<PersonWrite> People,
    IReadOnlyList<AbsorbedPerson> Absorbed)
{
    /// <summary>The decisions about identities this change applies (recorded once by id), with what each reclassified.</summary>
    public IReadOnlyList<RecordedDecision> Decisions { get; init; } = [];

    /// <summary>Recorded interactions that a split moves from one person to another (each from the person it leaves).</summary>
    public IReadOnlyList<MovedInteraction> Moved { get; init; } = [];
}
