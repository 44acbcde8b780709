using Omnichannel.Contracts;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// A decision that linked identifiers of this person (an advisor's verification, a referent's merge): an
/// edge of the verified graph that no interaction carries, kept so that a later split replays it.
/// </summary>
public sealed record DecidedLink(string DecisionId, IdentityDecisionKind Kind, IReadOnlyList<Identifier> Identifiers, string DecidedBy, string Reason, DateTimeOffset At)
{
    public bool Equals(DecidedLink? other) =>
        other is not null && DecisionId == other.DecisionId && Kind == other.Kind && Identifiers.SequenceEqual(other.Identifiers)
        && DecidedBy == other.DecidedBy && Reason == other.Reason && At == other.At;

    public override int GetHashCode() => HashCode.Combine(DecisionId, Kind, At);

    /// <summary>The decision as it was sent, to apply again.</summary>
    public ApplyIdentityDecision ToDecision() => new()
    {
        DecisionId = DecisionId,
        Kind = Kind,
        Identifiers = Identifiers,
        DecidedBy = DecidedBy,
        Reason = Reason,
        DecidedAt = At,
    };
}
