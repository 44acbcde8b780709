namespace Omnichannel.Portal.Audit;

/// <summary>
/// What an admin asks of the audit log: the latest entries, of one person or one user if given, written at or
/// after <see cref="From"/> and before <see cref="Before"/> if given, skipping the first <see cref="Skip"/> (pages).
/// </summary>
public sealed record AuditQuery(string? PersonId = null, string? User = null, int Limit = 200)
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? Before { get; init; }

    public int Skip { get; init; }
}
