namespace Omnichannel.Journey.Store;

/// <summary>What an erasure removed: counts only, recorded with its id (no personal data).</summary>
public sealed record ErasureReport(string ErasureId, DateTimeOffset At, int People, int Interactions, int Identifiers, int Decisions);
