namespace Omnichannel.Contracts;

/// <summary>What an interaction is about.</summary>
public sealed record Subject
{
    /// <summary>Lowercase dotted code such as <c>income-tax.correction</c>.</summary>
    public required string Motive { get; init; }

    /// <summary>The file or case number, when the channel knows it.</summary>
    public string? CaseRef { get; init; }
}
