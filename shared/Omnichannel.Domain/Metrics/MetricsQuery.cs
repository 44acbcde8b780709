using Omnichannel.Contracts;

namespace Omnichannel.Domain.Metrics;

/// <summary>
/// What a manager asks (DOMAIN §4): a period of days in the configured time zone, optional filters on
/// the interaction's own channel, its motive (a dotted prefix: <c>income-tax</c> covers
/// <c>income-tax.correction</c>) and its service, and the instant the time-dependent verdicts are read at.
/// </summary>
public sealed record MetricsQuery
{
    public required DateOnly From { get; init; }

    /// <summary>The last day, included.</summary>
    public required DateOnly To { get; init; }

    public Channel? Channel { get; init; }

    public string? Motive { get; init; }

    public string? Service { get; init; }

    public required DateTimeOffset AsOf { get; init; }
}
