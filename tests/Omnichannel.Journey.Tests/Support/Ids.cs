using Omnichannel.Contracts;

namespace Omnichannel.Journey.Tests.Support;

/// <summary>Normalized identifiers for tests.</summary>
internal static class Ids
{
    public static Identifier Tax(string value) => new() { Type = IdentifierType.TaxId, Value = value };

    public static Identifier FranceConnect(string value) => new() { Type = IdentifierType.FranceConnect, Value = value };

    public static Identifier Account(string value) => new() { Type = IdentifierType.AccountId, Value = value };

    public static Identifier Phone(string value) => new() { Type = IdentifierType.Phone, Value = value };

    public static Identifier Email(string value) => new() { Type = IdentifierType.Email, Value = value };

    public static Identifier Cookie(string value) => new() { Type = IdentifierType.Cookie, Value = value };
}

/// <summary>Marks identifiers as a channel that did not authenticate them would post them.</summary>
internal static class Declared
{
    public static Identifier Of(Identifier identifier) => identifier with { Assurance = IdentifierAssurance.Declared };
}
