using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>A processing deadline the administration announced, and whether it was kept.</summary>
public sealed record DeadlineView
{
    public required KeyView AnnouncedBy { get; init; }

    public required DateTimeOffset AnnouncedAt { get; init; }

    public required Channel Channel { get; init; }

    public string? Motive { get; init; }

    public required DateTimeOffset Deadline { get; init; }

    public required DeadlineStatus Status { get; init; }

    /// <summary>When the resolution that kept it came.</summary>
    public DateTimeOffset? MetAt { get; init; }
}
