using Omnichannel.Contracts;

namespace Omnichannel.Domain.Identity;

/// <summary>Strength and priority of identifier types (DOMAIN §2).</summary>
public static class IdentifierRules
{
    /// <summary>A person holds at most one value of a strong type.</summary>
    public static bool IsStrong(IdentifierType type) =>
        type is IdentifierType.TaxId or IdentifierType.FranceConnect or IdentifierType.AccountId;

    /// <summary>0 is the highest priority: taxId, franceConnect, accountId, phone, email, cookie.</summary>
    public static int Priority(IdentifierType type) => type switch
    {
        IdentifierType.TaxId => 0,
        IdentifierType.FranceConnect => 1,
        IdentifierType.AccountId => 2,
        IdentifierType.Phone => 3,
        IdentifierType.Email => 4,
        IdentifierType.Cookie => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown identifier type."),
    };

    /// <summary><see cref="Compare"/> as a comparer, for sorting.</summary>
    public static IComparer<Identifier> Order { get; } = Comparer<Identifier>.Create(Compare);

    /// <summary>The highest-priority identifier (<see cref="Compare"/>'s first), or null for none: what stands for a person.</summary>
    public static Identifier? Highest(IEnumerable<Identifier> identifiers) => identifiers.Order(Order).FirstOrDefault();

    /// <summary>Priority first, then value (ordinal), so that every replica walks identifiers alike.</summary>
    public static int Compare(Identifier left, Identifier right)
    {
        var byPriority = Priority(left.Type).CompareTo(Priority(right.Type));
        return byPriority != 0 ? byPriority : string.CompareOrdinal(left.Value, right.Value);
    }
}
