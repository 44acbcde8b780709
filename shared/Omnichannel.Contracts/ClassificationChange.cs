namespace Omnichannel.Contracts;

/// <summary>One interaction's classification before and after a change; subtract old, add new.</summary>
public sealed record ClassificationChange
{
    /// <summary>Null when the interaction was not classified before (it just arrived).</summary>
    public InteractionClassification? Old { get; init; }

    public required InteractionClassification New { get; init; }
}
