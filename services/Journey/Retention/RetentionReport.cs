namespace Omnichannel.Journey.Retention;

/// <summary>What one retention run of the journey role did: counts only.</summary>
/// <param name="StartedAt">When it started (by the role's clock).</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="PeopleExamined">People whose journeys were looked at.</param>
/// <param name="Interactions">Interactions that left their journeys.</param>
/// <param name="People">People who left with their whole journey (and their identifiers).</param>
/// <param name="Tombstones">Tombstones of erasures whose period ended.</param>
public sealed record RetentionReport(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int PeopleExamined, int Interactions, int People, int Tombstones);
