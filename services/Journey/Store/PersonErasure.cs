using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>
/// What erasing a person removes (docs/domain.md §6): the person at the version it was loaded at, everyone
/// merged into it, their identifiers, interactions, declarations and decisions. With <see cref="Tombstones"/>
/// (a data-protection officer's erasure), the keyed hashes of every interaction and decision removed are kept
/// until <see cref="TombstonesUntil"/>, so that a redelivery or a re-post does not bring the person back; a
/// journey emptied by retention leaves without them.
/// </summary>
/// <param name="ErasureId">The erasure's id, recorded once with what it removed; null for a journey emptied by retention.</param>
/// <param name="PersonId">The person (the survivor), or the id the request named when nobody has it any more.</param>
/// <param name="ExpectedVersion">The version it was loaded at; null when it was not found.</param>
/// <param name="PersonIds">The person and everyone merged into it.</param>
/// <param name="Interactions">The interactions of its journey.</param>
public sealed record PersonErasure(string? ErasureId, string PersonId, long? ExpectedVersion, IReadOnlyList<string> PersonIds, IReadOnlyList<InteractionKey> Interactions)
{
    /// <summary>Hashes the keys of what is removed, to keep as tombstones; null: no tombstone.</summary>
    public Erasure.Tombstones? Tombstones { get; init; }

    public DateTimeOffset TombstonesUntil { get; init; }

    /// <summary>When the erasure was asked for (recorded with it).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Who asked, and the request's reference (recorded with it).</summary>
    public string RequestedBy { get; init; } = "";

    public string Reason { get; init; } = "";
}
