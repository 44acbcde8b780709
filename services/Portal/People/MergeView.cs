using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>One merge that made this person: who was merged in, through which identifier, by which interaction, when.</summary>
public sealed record MergeView(string AbsorbedPersonId, Identifier Through, KeyView Interaction, DateTimeOffset At);
