namespace Omnichannel.Contracts;

/// <summary>
/// An advisor picked up a call (a CTI <c>answered</c> event): the cue for the advisor's screen to show the
/// caller's history. Records nothing in a journey; the call's contact comes when the call ends.
/// </summary>
public sealed record CallAnswered
{
    /// <summary>The channel system that reported it, from its API key.</summary>
    public required string Source { get; init; }

    public required string CallId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>What the call tells of the caller, normalized: the calling number, a tax number typed in the IVR.</summary>
    public required IReadOnlyList<Identifier> Identifiers { get; init; }

    /// <summary>The advisor who answered, as the phone platform knows them.</summary>
    public required string AgentId { get; init; }

    public string? Service { get; init; }
}
