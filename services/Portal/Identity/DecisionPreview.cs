using Omnichannel.Contracts;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.Identity;

/// <summary>
/// What a referent's decision would do, before it is applied: the people it would leave (identifiers and
/// interactions of each), the figures of the affected contacts that would change, and why it would be
/// refused if it would. Nothing is written to the journeys by a preview.
/// </summary>
public sealed record DecisionPreview
{
    public required IdentityDecisionKind Kind { get; init; }

    public required IReadOnlyList<PreviewPerson> People { get; init; }

    /// <summary>Each count of the dashboards that the decision changes, over the contacts it reclassifies.</summary>
    public required IReadOnlyList<FigureChange> Figures { get; init; }

    /// <summary>Why the decision would be refused (two people holding different values of a strong identifier type); empty when it applies.</summary>
    public required IReadOnlyList<string> Refusals { get; init; }

    /// <summary>How many classifications it changes (old -> new), which the dashboards follow.</summary>
    public required int ClassificationChanges { get; init; }
}

/// <summary>One person as the decision would leave it.</summary>
public sealed record PreviewPerson(string PersonId, IReadOnlyList<Identifier> Identifiers, IReadOnlyList<PreviewInteraction> Interactions)
{
    /// <summary>Those of its identifiers that are shared: they link nobody.</summary>
    public IReadOnlyList<Identifier> SharedIdentifiers { get; init; } = [];
}

/// <summary>One interaction of a previewed person, with the classification it would have.</summary>
public sealed record PreviewInteraction(KeyView Key, DateTimeOffset OccurredAt, Channel Channel, InteractionType Type, string? Motive, ContactKind? Kind);

/// <summary>A dashboard count over the reclassified contacts: before the decision, and after.</summary>
public sealed record FigureChange(string Name, string Label, double? Before, double? After);
