using MassTransit;
using Microsoft.Extensions.Options;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// The queue of interactions stitched one at a time, <c>journey-stitch-interaction</c>: what a failed batch
/// hands over. It is not bound to the interactions' exchange: only the batch consumer sends to it. A lost
/// race is retried (load and apply again); any other failure (a malformed message) is not, and goes to
/// <c>journey-stitch-interaction_error</c> with its reason; transient store faults are retried closer to
/// the store (see <see cref="ResilientJourneyStore"/>).
/// </summary>
public sealed class StitchInteractionConsumerDefinition : ConsumerDefinition<StitchInteractionConsumer>
{
    public const string QueueName = "journey-stitch-interaction";
    private readonly JourneyOptions _options;

    public StitchInteractionConsumerDefinition(IOptions<JourneyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<StitchInteractionConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.ConfigureConsumeTopology = false;
        endpointConfigurator.UseConflictRetry(_options);
    }
}
