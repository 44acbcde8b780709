namespace Omnichannel.Portal.Audit;

/// <summary>One opening of a person's history: who opened whose, when, why, and from where.</summary>
/// <param name="At">When.</param>
/// <param name="User">The signed-in name.</param>
/// <param name="PersonId">The person whose history was opened (the survivor, after merges).</param>
/// <param name="Reason">Why, as the advisor gave it (<see cref="AccessReasons"/>).</param>
/// <param name="Via"><c>page</c>, <c>screen-pop</c> or <c>api</c>.</param>
public sealed record AuditEntry(DateTimeOffset At, string User, string PersonId, string Reason, string Via);
