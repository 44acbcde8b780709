using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Http;

public sealed record SummaryResponse(QueryEcho Query, MetricsSummary Metrics)
{
    /// <summary>Figures computed from fewer contacts than this are null, and named in their <c>masked</c> list.</summary>
    public int SmallCountThreshold { get; init; }
}
