using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Http;

public sealed record DayMetrics(DateOnly Day, MetricsSummary Metrics);
