using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>A person's whole cross-channel history as an advisor reads it (<c>GET /api/v1/people/{id}/journey</c>).</summary>
public sealed record JourneyView
{
    /// <summary>The person, after merges: a merged id leads to its survivor.</summary>
    public required string PersonId { get; init; }

    public required string RequestedPersonId { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    public required IReadOnlyList<Identifier> Identifiers { get; init; }

    /// <summary>The people merged into this one: their histories are part of this one.</summary>
    public required IReadOnlyList<string> MergedPersonIds { get; init; }

    public required IReadOnlyList<ConflictView> Conflicts { get; init; }

    /// <summary>Every merge that made this person: through which identifier, by which interaction, when.</summary>
    public IReadOnlyList<MergeView> Merges { get; init; } = [];

    /// <summary>Those of its identifiers that are shared (several citizens use them): they link nobody.</summary>
    public IReadOnlyList<Identifier> SharedIdentifiers { get; init; } = [];

    /// <summary>The referents' splits this person keeps: people it is never merged with automatically.</summary>
    public IReadOnlyList<SeparationView> Separations { get; init; } = [];

    /// <summary>What its interactions declared without linking: claims on other people (to verify) and declared associations.</summary>
    public IReadOnlyList<ClaimView> Claims { get; init; } = [];

    /// <summary>Every interaction on every channel, in the journey's order.</summary>
    public required IReadOnlyList<InteractionView> Interactions { get; init; }

    public required IReadOnlyList<DemandView> Demands { get; init; }

    public required IReadOnlyList<DeadlineView> Deadlines { get; init; }
}
