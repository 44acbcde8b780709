using Omnichannel.Contracts;

namespace Omnichannel.Domain.Metrics;

/// <summary>One cell of the channel-switch matrix: reiterations on <paramref name="To"/> of a contact on <paramref name="From"/>.</summary>
public sealed record ChannelSwitch(Channel From, Channel To, int Count);
