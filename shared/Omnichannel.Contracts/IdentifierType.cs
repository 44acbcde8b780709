namespace Omnichannel.Contracts;

/// <summary>
/// The kinds of identifier a channel knows a citizen by. Declared in priority order, highest first
/// (DOMAIN §2); values are stable on the wire.
/// </summary>
public enum IdentifierType
{
    TaxId = 1,
    FranceConnect = 2,
    AccountId = 3,
    Phone = 4,
    Email = 5,
    Cookie = 6,
}
