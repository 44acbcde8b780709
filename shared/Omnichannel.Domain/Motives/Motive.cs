namespace Omnichannel.Domain.Motives;

/// <summary>A motive of the catalogue: its dotted code (as channel systems post it), its French label, its family.</summary>
public sealed record Motive(string Code, string Label, string Family);
