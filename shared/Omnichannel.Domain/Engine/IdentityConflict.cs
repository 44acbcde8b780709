using Omnichannel.Contracts;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// A merge that was refused (DOMAIN §2.3): <see cref="Identifier"/> linked two people who hold different
/// values of one strong identifier type, e.g. a phone number shared by two taxpayers.
/// </summary>
/// <param name="Identifier">The identifier that linked them; it stays with <paramref name="OwnerId"/>.</param>
/// <param name="OwnerId">The person who keeps the identifier; null when it was nobody's and could not be attached.</param>
/// <param name="OtherPersonId">The person the interaction went to.</param>
/// <param name="Interaction">The interaction that brought the two together.</param>
/// <param name="StrongType">The strong identifier type both people hold with different values; for a split, the type of <paramref name="Identifier"/>.</param>
public sealed record IdentityConflict(
    Identifier Identifier,
    string? OwnerId,
    string OtherPersonId,
    InteractionKey Interaction,
    IdentifierType StrongType)
{
    /// <summary>The other person's value of <see cref="StrongType"/>, which differs from the owner's (absent on notices of earlier builds).</summary>
    public string? OtherValue { get; init; }

    /// <summary>Set when it was refused because a referent's split keeps the two apart: that decision's id.</summary>
    public string? SeparatedBy { get; init; }
}
