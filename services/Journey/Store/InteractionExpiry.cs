using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>The oldest interactions of a person's journey leaving with retention; the person stays, at its next version.</summary>
public sealed record InteractionExpiry(string PersonId, long ExpectedVersion, IReadOnlyList<InteractionKey> Interactions);
