using MassTransit;
using Microsoft.Extensions.Options;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// The journey queue (prefixed by the module, so that no other consumer shares it), how many messages run
/// at once, and the retry of a lost race: another writer changed the person, so load and apply again.
/// Any other failure (a malformed message) is not retried here and goes to <c>journey-stitch-interaction_error</c>
/// with its reason; transient store faults are retried closer to the store (see <see cref="ResilientJourneyStore"/>).
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
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<ConcurrentChangeException>();
            // Spread out, so that two writers of one person do not collide again at once.
            retry.Exponential(_options.ConflictRetryLimit, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(15));
        });
    }
}
