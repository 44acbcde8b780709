using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>An interaction as recorded: the person it belongs to after the write, and what its recording reclassified (kept, so that a redelivery publishes it again).</summary>
public sealed record RecordedInteraction(Interaction Interaction, string PersonId, ContactsReclassified Reclassified);
