using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>A demand (DOMAIN §3): a first contact and the reiterations chained from it.</summary>
public sealed record DemandView
{
    public required KeyView FirstContact { get; init; }

    public string? Motive { get; init; }

    public string? CaseRef { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public required DateTimeOffset LastContactAt { get; init; }

    /// <summary>Contacts in the demand: the citizen's effort.</summary>
    public required int Contacts { get; init; }

    /// <summary>The channels of its contacts, in the order the citizen used them.</summary>
    public required IReadOnlyList<Channel> Channels { get; init; }

    public FcrStatus? Fcr { get; init; }

    /// <summary>When a resolution of its subject came, if one did.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>
    /// Still waiting for the administration: no resolution came, its last contact did not settle it, and it
    /// was not settled at first contact (final once the reiteration window passed without a new contact).
    /// </summary>
    public required bool Open { get; init; }
}
