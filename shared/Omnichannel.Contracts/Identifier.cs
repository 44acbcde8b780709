using System.Text.Json.Serialization;

namespace Omnichannel.Contracts;

/// <summary>
/// One identifier of a citizen on one channel. On the bus, values are always normalized. Two identifiers
/// are equal when their type and value are: the assurance is what one interaction says of it, not part of
/// the identifier (a phone is the same phone whether a caller declared it or the portal verified it).
/// </summary>
public sealed record Identifier
{
    public required IdentifierType Type { get; init; }

    public required string Value { get; init; }

    /// <summary>Who vouches for it in the interaction that carries it; left out of JSON when verified.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public IdentifierAssurance Assurance { get; init; }

    [JsonIgnore]
    public bool IsDeclared => Assurance == IdentifierAssurance.Declared;

    public bool Equals(Identifier? other) =>
        other is not null && Type == other.Type && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode(Value));

    public override string ToString() => $"{Type}:{Value}";
}
