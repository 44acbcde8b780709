using MassTransit;
using Microsoft.Extensions.Options;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// The journey queue, <c>journey-stitch-interactions</c> (prefixed by the module, so that no other consumer
/// shares it), read in batches of messages, their interactions stitched up to <see cref="JourneyOptions.BatchSize"/>
/// at a time in one load and one write. Two batches of a process are in hand at once, but stitched one at a time (two
/// would race for the same people): one publishes what it reclassified and is acknowledged while the
/// next is stitched. A lost race (another replica changed a person) applies the batch again.
/// </summary>
public sealed class StitchInteractionsConsumerDefinition : ConsumerDefinition<StitchInteractionsConsumer>
{
    public const string QueueName = "journey-stitch-interactions";

    /// <summary>Batches a process holds at once: one being stitched, one publishing and being acknowledged.</summary>
    private const int BatchesInHand = 2;

    /// <summary>
    /// Interactions a message carries when ingestion is busy (it groups what arrives while the broker confirms:
    /// 10 to 15 posted one by one, 100 posted in batches): a batch of messages is cut at
    /// <see cref="JourneyOptions.BatchSize"/> / this, so that it holds about a stitch's worth of interactions
    /// then, and a process holds a bounded number of them. When ingestion is quiet, messages carry one or
    /// two and the batch's time limit cuts it.
    /// </summary>
    private const int InteractionsPerMessage = 10;
    private readonly JourneyOptions _options;
    private readonly int _messageLimit;

    public StitchInteractionsConsumerDefinition(IOptions<JourneyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = QueueName;
        _messageLimit = Math.Max(1, _options.BatchSize / InteractionsPerMessage);
        ConcurrentMessageLimit = _messageLimit * BatchesInHand;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<StitchInteractionsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, _messageLimit * (BatchesInHand + 1));
        endpointConfigurator.UseConflictRetry(_options);
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_messageLimit)
            .SetTimeLimit(_options.BatchTimeLimit)
            .SetConcurrencyLimit(BatchesInHand));
    }
}
