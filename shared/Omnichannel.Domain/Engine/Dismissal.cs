using Omnichannel.Contracts;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// A claim or a conflict of this person that a referent examined and dismissed: it stays in the history, marked
/// so, and leaves the referents' work list. Nothing is linked or separated by it.
/// </summary>
/// <param name="DecisionId">The decision.</param>
/// <param name="Kind"><see cref="IdentityDecisionKind.DismissClaim"/> or <see cref="IdentityDecisionKind.DismissConflict"/>.</param>
/// <param name="Identifier">The identifier claimed, or that the conflict is about.</param>
/// <param name="Interaction">For a claim: the interaction that declared it.</param>
/// <param name="DecidedBy">The referent.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record Dismissal(string DecisionId, IdentityDecisionKind Kind, Identifier Identifier, InteractionKey? Interaction, string DecidedBy, string Reason, DateTimeOffset At)
{
    /// <summary>True when it dismisses the claim of <paramref name="interaction"/> on <paramref name="identifier"/>.</summary>
    public bool Covers(InteractionKey interaction, Identifier identifier) =>
        Kind == IdentityDecisionKind.DismissClaim && Interaction == interaction && Identifier.Equals(identifier);

    /// <summary>True when it dismisses the conflicts on <paramref name="identifier"/>.</summary>
    public bool Covers(Identifier identifier) => Kind == IdentityDecisionKind.DismissConflict && Identifier.Equals(identifier);
}
