namespace Omnichannel.Ingestion;

/// <summary>A channel system's API key.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret the system sends in <c>X-Api-Key</c>. Never logged.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The source its interactions are recorded under (part of the idempotency key).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The channels it may post (<c>phone</c>, <c>web</c>...).</summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>
    /// The system cannot authenticate citizens (a web form open to anyone, a partner's relay): every
    /// identifier it posts is declared, and one it says is verified is refused (docs/domain.md §2).
    /// </summary>
    public bool DeclaredOnly { get; set; }
}
