namespace Omnichannel.Contracts;

/// <summary>One identifier of a citizen on one channel. On the bus, values are always normalized.</summary>
public sealed record Identifier
{
    public required IdentifierType Type { get; init; }

    public required string Value { get; init; }

    public override string ToString() => $"{Type}:{Value}";
}
