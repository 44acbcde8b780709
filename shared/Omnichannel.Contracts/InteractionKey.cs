namespace Omnichannel.Contracts;

/// <summary>The idempotency key of an interaction: unique per (source, id).</summary>
public sealed record InteractionKey : IComparable<InteractionKey>
{
    public required string Source { get; init; }

    public required string Id { get; init; }

    public int CompareTo(InteractionKey? other)
    {
        if (other is null)
        {
            return 1;
        }

        var bySource = string.CompareOrdinal(Source, other.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(Id, other.Id);
    }

    public override string ToString() => $"{Source}/{Id}";
}
