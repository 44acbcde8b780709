using System.ComponentModel;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>What an interaction is about, for the API documentation.</summary>
public sealed class CanonicalSubject
{
    [Description("Lowercase dotted code, 1-100 characters, e.g. income-tax.correction.")]
    public required string Motive { get; init; }

    [Description("Optional file or case number, 1-64 characters.")]
    public string? CaseRef { get; init; }
}
