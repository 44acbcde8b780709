namespace Omnichannel.Metrics.Http;

public sealed record TimeseriesResponse(QueryEcho Query, IReadOnlyList<DayMetrics> Days)
{
    /// <summary>Figures computed from fewer contacts than this are null, and named in their <c>masked</c> list.</summary>
    public int SmallCountThreshold { get; init; }
}
