using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Http;

public sealed record SummaryResponse(QueryEcho Query, MetricsSummary Metrics);
