using Omnichannel.Contracts;

namespace Omnichannel.Domain.Classification;

/// <summary>
/// The verdicts of <see cref="InteractionClassification"/> for one entry of a journey, as a value without
/// references: other entries are named by their index in the journey, the entry's own facts (key,
/// channel, motive...) stay in the entry. The engine classifies a journey before and after a change into
/// reused buffers and compares; records are made only for what changed.
/// </summary>
public readonly record struct ClassificationFacts
{
    /// <summary>False for an entry that has no classification (a visit, a plain notification).</summary>
    public bool Classified { get; init; }

    public ContactKind? Kind { get; init; }

    /// <summary>Index of the predecessor in the journey; -1 for none.</summary>
    public int PredecessorIndex { get; init; }

    /// <summary>Index of the demand's first contact in the journey; -1 when not a contact.</summary>
    public int DemandIndex { get; init; }

    public Channel? PredecessorChannel { get; init; }

    public bool CrossChannel { get; init; }

    public FcrFailure? FcrFailure { get; init; }

    public DateTimeOffset? FcrFinalAt { get; init; }

    public DateTimeOffset? AcknowledgementDueBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public DateTimeOffset? DeadlineMetAt { get; init; }

    public TimeSpan? TimeToResolution { get; init; }

    /// <summary>The same facts once an entry was inserted at <paramref name="inserted"/>: the indices past it move by one.</summary>
    public ClassificationFacts ShiftedPast(int inserted) => this with
    {
        PredecessorIndex = PredecessorIndex >= inserted ? PredecessorIndex + 1 : PredecessorIndex,
        DemandIndex = DemandIndex >= inserted ? DemandIndex + 1 : DemandIndex,
    };

    /// <summary>The facts without the indices, to compare facts of two different journeys.</summary>
    public ClassificationFacts WithoutIndices() => this with { PredecessorIndex = -1, DemandIndex = -1 };

    /// <param name="entries">The journey the indices refer to.</param>
    /// <param name="self">This entry's index in it.</param>
    public InteractionClassification? ToClassification(ReadOnlySpan<JourneyEntry> entries, int self)
    {
        if (!Classified)
        {
            return null;
        }

        ref readonly var entry = ref entries[self];
        return new InteractionClassification
        {
            Key = entry.Key,
            OccurredAt = entry.OccurredAt,
            Channel = entry.Channel,
            Type = entry.Type,
            Motive = entry.Subject?.Motive,
            Service = entry.Service,
            Outcome = entry.IsContact ? entry.Outcome : null,
            AnnouncedDeadline = entry.AnnouncedDeadline,
            Kind = Kind,
            Predecessor = PredecessorIndex < 0 ? null : entries[PredecessorIndex].Key,
            PredecessorChannel = PredecessorChannel,
            CrossChannel = CrossChannel,
            Demand = DemandIndex < 0 ? null : entries[DemandIndex].Key,
            FcrFailure = FcrFailure,
            FcrFinalAt = FcrFinalAt,
            AcknowledgementDueBy = AcknowledgementDueBy,
            AcknowledgedAt = AcknowledgedAt,
            DeadlineMetAt = DeadlineMetAt,
            TimeToResolution = TimeToResolution,
        };
    }
}
