using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// One person as a store keeps it: what a journey service loads into a working engine before applying an
/// interaction, and writes back after. Classifications are not part of it: they follow from the journey.
/// </summary>
public sealed record PersonSnapshot(
    string Id,
    long CreationSequence,
    IReadOnlyList<Identifier> Identifiers,
    IReadOnlyList<JourneyEntry> Journey,
    IReadOnlyList<IdentityConflict> Conflicts)
{
    /// <summary>Every merge that made this person, oldest first (absent in snapshots of earlier builds).</summary>
    public IReadOnlyList<MergeRecord> Merges { get; init; } = [];

    /// <summary>The referents' splits this person must not be merged across.</summary>
    public IReadOnlyList<Separation> Separations { get; init; } = [];

    /// <summary>Identifiers of this person marked shared: they link nobody any more.</summary>
    public IReadOnlyList<Identifier> SharedIdentifiers { get; init; } = [];

    /// <summary>The claims and conflicts of this person a referent dismissed.</summary>
    public IReadOnlyList<Dismissal> Dismissals { get; init; } = [];

    /// <summary>The decisions that linked identifiers of this person.</summary>
    public IReadOnlyList<DecidedLink> Links { get; init; } = [];
}
