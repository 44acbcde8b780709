using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>
/// One merge that made this person: who was merged in, through which identifier, by which interaction (or
/// decision), when; for a decided merge, who decided, which kind of decision and why.
/// </summary>
public sealed record MergeView(string AbsorbedPersonId, Identifier Through, KeyView Interaction, DateTimeOffset At)
{
    public string? DecidedBy { get; init; }

    public IdentityDecisionKind? Decision { get; init; }

    public string? Reason { get; init; }
}
