namespace Omnichannel.Contracts;

/// <summary>
/// Sent by the portal when a data-protection officer erases a person (docs/domain.md §6); the journey service,
/// the one writer of people, erases them and everyone merged into them. Applied once per <see cref="ErasureId"/>.
/// Carries no personal data: an opaque person id, who asked, and the reference of the request.
/// </summary>
public sealed record ErasePerson
{
    /// <summary>Unique per erasure: its idempotency key, and the reference the DPO's page and the audit log show.</summary>
    public required string ErasureId { get; init; }

    /// <summary>The person to erase (an id that merged away leads to its survivor, which is erased whole).</summary>
    public required string PersonId { get; init; }

    /// <summary>The login of the data-protection officer.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>Why: the reference of the citizen's request, without personal data.</summary>
    public required string Reason { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
