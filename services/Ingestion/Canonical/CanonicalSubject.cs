using System.ComponentModel;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>What an interaction is about, for the API documentation.</summary>
public sealed record CanonicalSubject(
    [property: Description("Lowercase dotted code, 1-100 characters, e.g. income-tax.correction.")] string Motive,
    [property: Description("Optional file or case number, 1-64 characters.")] string? CaseRef);
