namespace Omnichannel.Contracts;

/// <summary>
/// Published by ingestion once interactions are validated and normalized: those of one request, or of
/// requests that arrived together, in one message (the broker confirms them at once, the journey service
/// stitches them at once). Each interaction is identified by its own key: a message holding one already
/// recorded changes nothing for it.
/// </summary>
public sealed record InteractionsRecorded
{
    public required IReadOnlyList<Interaction> Interactions { get; init; }
}
