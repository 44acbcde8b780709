using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>
/// A merge that was refused (DOMAIN §2.3): the identifier also points to another person who holds a
/// different value of a strong identifier, e.g. a phone number shared by two taxpayers.
/// </summary>
public sealed record ConflictView(Identifier Identifier, IdentifierType StrongType, string? OwnerId, string OtherPersonId, KeyView Interaction, bool HeldHere)
{
    /// <summary>Set when a referent's split keeps the two apart: that decision.</summary>
    public string? SeparatedBy { get; init; }

    /// <summary>A referent examined and dismissed it.</summary>
    public bool Dismissed { get; init; }
}
