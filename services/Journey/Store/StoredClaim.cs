using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>An interaction that declared an identifier another person holds (docs/domain.md §2, claims).</summary>
/// <param name="Interaction">The interaction that declared it.</param>
/// <param name="Identifier">The identifier declared.</param>
/// <param name="ClaimantId">The person the interaction belongs to.</param>
/// <param name="HolderId">The person who holds the identifier.</param>
public sealed record StoredClaim(InteractionKey Interaction, Identifier Identifier, string ClaimantId, string HolderId);
