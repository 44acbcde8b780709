namespace Omnichannel.Ingestion.Adapters;

/// <summary>How messages reaching one mailbox or number get their motive: a keyword of the text, else a default.</summary>
public sealed class MotiveRoute
{
    public string? DefaultMotive { get; set; }

    /// <summary>Keyword (case-insensitive, found in the subject or text) to motive; the first listed that matches wins.</summary>
    public Dictionary<string, string> Keywords { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
