namespace Omnichannel.Portal.Audit;

/// <summary>What an admin asks of the audit log: the latest entries, of one person or one user if given.</summary>
public sealed record AuditQuery(string? PersonId = null, string? User = null, int Limit = 200);
