using System.Text.Json.Nodes;
using Omnichannel.Journey;

namespace Omnichannel.Ingestion.Adapters;

/// <summary>
/// What an adapter made of a native event: the canonical interaction (validated next, like any other),
/// nothing to record (a call still ringing, or answered: then <see cref="Answered"/> cues the advisor's
/// screen), or the native fields it could not read.
/// </summary>
public sealed record AdapterResult(JsonObject? Canonical, IReadOnlyList<FieldError> Errors, string? NothingBecause = null)
{
    public AnsweredCall? Answered { get; init; }

    public static AdapterResult Nothing(string because) => new(null, [], because);
}
