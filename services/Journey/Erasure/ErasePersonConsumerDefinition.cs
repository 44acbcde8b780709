using Microsoft.Extensions.Options;
using Omnichannel.Journey.Stitching;

namespace Omnichannel.Journey.Erasure;

/// <summary>The queue of erasures, <c>journey-erasures</c>: rare, each alone; a lost race (the person changed) is retried from a new load.</summary>
public sealed class ErasePersonConsumerDefinition(IOptions<JourneyOptions> options)
    : AloneWithConflictRetryDefinition<ErasePersonConsumer>(options, QueueName)
{
    public const string QueueName = "journey-erasures";
}
