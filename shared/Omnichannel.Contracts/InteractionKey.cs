namespace Omnichannel.Contracts;

/// <summary>
/// The idempotency key of an interaction: unique per (source, id). A value type: the journey engine
/// holds one per interaction, and a million small objects weigh on the garbage collector.
/// </summary>
public readonly record struct InteractionKey : IComparable<InteractionKey>
{
    public required string Source { get; init; }

    public required string Id { get; init; }

    /// <summary>Ordinal, source first: the tie-break of the total order of DOMAIN §3.</summary>
    public int CompareTo(InteractionKey other)
    {
        var bySource = string.CompareOrdinal(Source, other.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(Id, other.Id);
    }

    public override string ToString() => $"{Source}/{Id}";
}
