using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>A referent's split this person keeps: never merged automatically with whoever holds <see cref="From"/>.</summary>
public sealed record SeparationView(string DecisionId, IReadOnlyList<Identifier> From, string DecidedBy, string Reason, DateTimeOffset At);
