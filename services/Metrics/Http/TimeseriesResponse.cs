namespace Omnichannel.Metrics.Http;

public sealed record TimeseriesResponse(QueryEcho Query, IReadOnlyList<DayMetrics> Days);
