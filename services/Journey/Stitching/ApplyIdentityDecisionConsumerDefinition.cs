using Microsoft.Extensions.Options;

namespace Omnichannel.Journey.Stitching;

/// <summary>The queue of decisions about identities, <c>journey-identity-decisions</c>: few messages, each applied alone.</summary>
public sealed class ApplyIdentityDecisionConsumerDefinition(IOptions<JourneyOptions> options)
    : AloneWithConflictRetryDefinition<ApplyIdentityDecisionConsumer>(options, QueueName)
{
    public const string QueueName = "journey-identity-decisions";
}
