namespace Omnichannel.Domain;

/// <summary>Why one field of an input is refused: its JSON path and the reason, for problem details.</summary>
public sealed record FieldError(string Path, string Reason);
