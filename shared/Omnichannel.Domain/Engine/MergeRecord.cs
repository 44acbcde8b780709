using Omnichannel.Contracts;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// One merge, kept by the survivor (docs/domain.md §2, merge records): which person was merged into which,
/// through which identifier, by which interaction and when it happened. The instant is the interaction's,
/// not the clock's, so that every replica and every replay records the same merge alike.
/// </summary>
/// <param name="SurvivorId">The person that kept everything.</param>
/// <param name="AbsorbedId">The person merged into it, now a redirect.</param>
/// <param name="Through">The verified identifier the two were linked by.</param>
/// <param name="Interaction">The interaction that carried the link; for a decision, its cause (source <c>decision</c>).</param>
/// <param name="At">When that interaction happened, or the decision was taken.</param>
public sealed record MergeRecord(
    string SurvivorId,
    string AbsorbedId,
    Identifier Through,
    InteractionKey Interaction,
    DateTimeOffset At)
{
    /// <summary>For a merge a person decided (a verified caller, a referent's merge): who.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>For a decided merge: the kind of decision and why.</summary>
    public IdentityDecisionKind? Decision { get; init; }

    public string? Reason { get; init; }
}
