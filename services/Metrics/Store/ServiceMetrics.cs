using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>One service's figures over a period ("" for the contacts that named none).</summary>
public sealed record ServiceMetrics(string Service, MetricsSummary Metrics);
