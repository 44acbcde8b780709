namespace Omnichannel.Domain.Classification;

/// <summary>Settings of DOMAIN §3; bound from the <c>Classification</c> section.</summary>
public sealed class ClassificationOptions
{
    public const string SectionName = "Classification";

    /// <summary>The reiteration window W.</summary>
    public TimeSpan ReiterationWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>W per motive prefix (<c>income-tax</c> covers <c>income-tax.correction</c>); the longest prefix wins.</summary>
    public Dictionary<string, TimeSpan> ReiterationWindowByMotivePrefix { get; set; } = new(StringComparer.Ordinal);
}
