using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Http;

public sealed record MotivesResponse(QueryEcho Query, IReadOnlyList<MotiveReiteration> Motives);
