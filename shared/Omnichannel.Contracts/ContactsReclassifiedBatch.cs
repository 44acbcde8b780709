namespace Omnichannel.Contracts;

/// <summary>
/// Published by the journey service after it stitched a batch: the reclassifications interactions of the
/// batch caused (those that changed a classification), one per cause, gathered a few per message (under
/// about 64 classification changes; one reclassification is never split across messages).
/// </summary>
public sealed record ContactsReclassifiedBatch
{
    public required IReadOnlyList<ContactsReclassified> Reclassifications { get; init; }
}
