using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>One demand on an advisor's work list: a promise of the administration still open, falling due soon.</summary>
/// <param name="PersonId">The person whose history it leads to.</param>
/// <param name="Interaction">The contact owed an acknowledgement, or the notification that announced the deadline.</param>
/// <param name="Acknowledgement">True for an acknowledgement due, false for an announced deadline.</param>
/// <param name="Due">When it falls due.</param>
/// <param name="Channel">The interaction's channel.</param>
/// <param name="Motive">Its motive, if it gave one.</param>
/// <param name="OccurredAt">When it happened.</param>
public sealed record WorkItem(string PersonId, KeyView Interaction, bool Acknowledgement, DateTimeOffset Due, Channel Channel, string? Motive, DateTimeOffset OccurredAt);
