namespace Omnichannel.Contracts;

/// <summary>
/// Published by the journey service after it stitched a batch: the reclassification each interaction of
/// the batch caused (those that changed a classification), one per cause, in one message.
/// </summary>
public sealed record ContactsReclassifiedBatch
{
    public required IReadOnlyList<ContactsReclassified> Reclassifications { get; init; }
}
