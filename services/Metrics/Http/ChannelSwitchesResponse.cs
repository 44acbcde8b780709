using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Http;

public sealed record ChannelSwitchesResponse(QueryEcho Query, IReadOnlyList<ChannelSwitch> Switches);
