using Omnichannel.Contracts;

namespace Omnichannel.Journey.Stitching;

/// <summary>What stitching one interaction gave.</summary>
/// <param name="Recorded">False when the interaction was already recorded (a redelivery or a repeated post).</param>
/// <param name="Reclassified">The reclassification its recording caused, to publish (again, after a redelivery: publishing is at least once).</param>
public sealed record StitchOutcome(bool Recorded, ContactsReclassified Reclassified);
