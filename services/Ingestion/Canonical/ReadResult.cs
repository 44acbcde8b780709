using Omnichannel.Contracts;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>A canonical interaction read from JSON: either the normalized interaction or every reason it is refused.</summary>
public sealed record ReadResult(Interaction? Interaction, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Interaction is not null;
}
