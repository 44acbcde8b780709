using System.ComponentModel;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>One identifier, for the API documentation.</summary>
public sealed class CanonicalIdentifier
{
    [Description("taxId, franceConnect, accountId, phone, email or cookie.")]
    public required string Type { get; init; }

    [Description("Normalized before use: phone to E.164 (region FR), email lowercased, taxId to 13 digits.")]
    public required string Value { get; init; }
}
