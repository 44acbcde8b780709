namespace Omnichannel.Journey.Store;

/// <summary>What an erasure removed (counts only), recorded with its id, who asked and the request's reference (no personal data).</summary>
public sealed record ErasureReport(string ErasureId, DateTimeOffset At, int People, int Interactions, int Identifiers, int Decisions)
{
    /// <summary>The data-protection officer who asked.</summary>
    public string RequestedBy { get; init; } = "";

    /// <summary>The reference of the citizen's request, as the officer gave it.</summary>
    public string Reason { get; init; } = "";
}
