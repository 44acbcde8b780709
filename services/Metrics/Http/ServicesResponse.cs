using Omnichannel.Metrics.Store;

namespace Omnichannel.Metrics.Http;

/// <summary>The services side by side: each one's summary over the period, most contacts first.</summary>
public sealed record ServicesResponse(QueryEcho Query, IReadOnlyList<ServiceMetrics> Services)
{
    /// <summary>Figures computed from fewer contacts than this are null, and named in their <c>masked</c> list.</summary>
    public int SmallCountThreshold { get; init; }
}
