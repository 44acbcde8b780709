using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>A decision applied, kept with the reclassification it caused, so that a redelivery publishes the same again.</summary>
public sealed record RecordedDecision(ApplyIdentityDecision Decision, string PersonId, ContactsReclassified Reclassified);
