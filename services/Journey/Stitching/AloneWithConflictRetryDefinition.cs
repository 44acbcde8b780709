using MassTransit;
using Microsoft.Extensions.Options;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// The queue of a rare command of the journey role (a decision about identities, an erasure): each message
/// applied alone; a lost race (another writer changed a person it loaded) is retried from a new load, anything
/// else goes to the queue's error queue.
/// </summary>
public abstract class AloneWithConflictRetryDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly JourneyOptions _options;

    protected AloneWithConflictRetryDefinition(IOptions<JourneyOptions> options, string queue)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = queue;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseConflictRetry(_options);
    }
}
