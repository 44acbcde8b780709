using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnichannel.Contracts;

/// <summary>
/// The canonical interaction of DOMAIN §1, as the ingestion API accepts it and the bus carries it.
/// (<see cref="Source"/>, <see cref="Id"/>) is the idempotency key.
/// </summary>
public sealed record Interaction
{
    public required string Id { get; init; }

    /// <summary>The channel system that posted it, taken from its API key.</summary>
    public required string Source { get; init; }

    public required Channel Channel { get; init; }

    public required InteractionType Type { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required IReadOnlyList<Identifier> Identifiers { get; init; }

    public Subject? Subject { get; init; }

    public Outcome? Outcome { get; init; }

    public DateTimeOffset? AnnouncedDeadline { get; init; }

    public string? Service { get; init; }

    public string? AgentId { get; init; }

    /// <summary>Flat channel metadata (call duration, email subject...), a JSON object.</summary>
    public JsonElement? Attributes { get; init; }

    [JsonIgnore]
    public InteractionKey Key => new() { Source = Source, Id = Id };
}
