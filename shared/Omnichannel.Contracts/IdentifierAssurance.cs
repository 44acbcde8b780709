namespace Omnichannel.Contracts;

/// <summary>
/// Who vouches for an identifier of an interaction (DOMAIN §2, assurance). Only verified identifiers link
/// people; a declared one routes a message from its channel address at most, and otherwise informs as a
/// claim. Values are stable on the wire; absent means <see cref="Verified"/>, so that integrations written
/// before the field keep their meaning.
/// </summary>
public enum IdentifierAssurance
{
    /// <summary>The channel system authenticated it: a signed-in portal account, FranceConnect, a phone menu that checked a PIN.</summary>
    Verified = 0,

    /// <summary>Typed, said or written by whoever reaches out: a caller's number, an email's sender, a tax number keyed on the phone menu.</summary>
    Declared = 1,
}
