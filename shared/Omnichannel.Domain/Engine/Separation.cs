using Omnichannel.Contracts;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// A referent's split, kept by each person it left (docs/domain.md §2, decisions): this person is never
/// merged automatically with a person holding any of <paramref name="From"/>; a link between them becomes
/// a conflict that names the decision, until a referent merges them.
/// </summary>
/// <param name="DecisionId">The split.</param>
/// <param name="From">The identifiers that ended on the other side of it.</param>
/// <param name="DecidedBy">The referent.</param>
/// <param name="Reason">Why, in their words.</param>
/// <param name="At">When it was decided.</param>
public sealed record Separation(string DecisionId, IReadOnlyList<Identifier> From, string DecidedBy, string Reason, DateTimeOffset At)
{
    public bool Equals(Separation? other) =>
        other is not null && DecisionId == other.DecisionId && From.SequenceEqual(other.From) && DecidedBy == other.DecidedBy && Reason == other.Reason && At == other.At;

    public override int GetHashCode() => HashCode.Combine(DecisionId, From.Count, At);
}
