using System.Text.Json.Serialization;

namespace Omnichannel.Contracts;

/// <summary>
/// Sent by the portal when an advisor or a referent decides about identities; the journey service, the one
/// writer of people, applies it. Its identifiers are verified together from then on: a verified link, with
/// who made it and why. Applied once per <see cref="DecisionId"/>, whatever the redeliveries.
/// </summary>
public sealed record ApplyIdentityDecision
{
    /// <summary>Unique per decision: its idempotency key, and the cause of the reclassification it publishes.</summary>
    public required string DecisionId { get; init; }

    public required IdentityDecisionKind Kind { get; init; }

    /// <summary>
    /// Normalized identifiers: for a verification or a merge, two or more that the decision says belong to one
    /// citizen; for a split, those that leave the person.
    /// </summary>
    public required IReadOnlyList<Identifier> Identifiers { get; init; }

    /// <summary>For a split, a dismissed claim or conflict: the person decided about (an id that merged away leads to its survivor).</summary>
    public string? PersonId { get; init; }

    /// <summary>For a dismissed claim: the interaction that declared the identifier.</summary>
    public InteractionKey? Interaction { get; init; }

    /// <summary>The login of who decided (an advisor, a referent).</summary>
    public required string DecidedBy { get; init; }

    /// <summary>Why, in their words or as a reason code.</summary>
    public required string Reason { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>The cause a decision's reclassification is published under: source <c>decision</c>, id the decision's.</summary>
    [JsonIgnore]
    public InteractionKey Cause => new() { Source = DecisionSource, Id = DecisionId };

    /// <summary>The source of decisions' causes; no channel system posts under it (API keys name their own sources).</summary>
    public const string DecisionSource = "decision";
}
