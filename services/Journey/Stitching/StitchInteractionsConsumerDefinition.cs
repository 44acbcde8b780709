using MassTransit;
using Microsoft.Extensions.Options;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// The journey queue, <c>journey-stitch-interactions</c> (prefixed by the module, so that no other consumer
/// shares it), read in batches: up to <see cref="JourneyOptions.BatchSize"/> interactions stitched in one
/// load and one write. Two batches of a process are in hand at once, but stitched one at a time (two
/// would race for the same people): one publishes what it reclassified and is acknowledged while the
/// next is stitched. A lost race (another replica changed a person) applies the batch again.
/// </summary>
public sealed class StitchInteractionsConsumerDefinition : ConsumerDefinition<StitchInteractionsConsumer>
{
    public const string QueueName = "journey-stitch-interactions";

    /// <summary>Batches a process holds at once: one being stitched, one publishing and being acknowledged.</summary>
    private const int BatchesInHand = 2;
    private readonly JourneyOptions _options;

    public StitchInteractionsConsumerDefinition(IOptions<JourneyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.BatchSize * BatchesInHand;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<StitchInteractionsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, _options.BatchSize * (BatchesInHand + 1));
        endpointConfigurator.UseConflictRetry(_options);
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_options.BatchSize)
            .SetTimeLimit(_options.BatchTimeLimit)
            .SetConcurrencyLimit(BatchesInHand));
    }
}
