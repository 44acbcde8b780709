using MassTransit;
using Microsoft.Extensions.Options;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// The queue of decisions about identities, <c>journey-identity-decisions</c>: few messages, each applied
/// alone. A lost race is retried (load and apply again); anything else goes to its error queue.
/// </summary>
public sealed class ApplyIdentityDecisionConsumerDefinition : ConsumerDefinition<ApplyIdentityDecisionConsumer>
{
    public const string QueueName = "journey-identity-decisions";
    private readonly JourneyOptions _options;

    public ApplyIdentityDecisionConsumerDefinition(IOptions<JourneyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ApplyIdentityDecisionConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseConflictRetry(_options);
    }
}
