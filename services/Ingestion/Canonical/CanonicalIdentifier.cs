using System.ComponentModel;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>One identifier, for the API documentation.</summary>
public sealed record CanonicalIdentifier(
    [property: Description("taxId, franceConnect, accountId, phone, email or cookie.")] string Type,
    [property: Description("Normalized before use: phone to E.164 (region FR), email lowercased, taxId to 13 digits.")] string Value);
