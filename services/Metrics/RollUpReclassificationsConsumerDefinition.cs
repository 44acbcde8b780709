using MassTransit;
using Microsoft.Extensions.Options;

namespace Omnichannel.Metrics;

/// <summary>
/// The metrics queue, <c>metrics-roll-up</c>, read in batches of up to 200 messages gathered for up to
/// <see cref="MetricsOptions.BatchTimeLimit"/>, one batch at a time per process (SQLite has one writer
/// anyway): a roll-up row is written once per batch however many changes it sums, so a longer wait costs
/// less per change. A store that cannot be written (busy, full, read-only) is waited out by the consumer;
/// anything else goes to <c>metrics-roll-up_error</c> with its reason.
/// </summary>
public sealed class RollUpReclassificationsConsumerDefinition : ConsumerDefinition<RollUpReclassificationsConsumer>
{
    public const string QueueName = "metrics-roll-up";
    private const int BatchSize = 200;
    private readonly TimeSpan _timeLimit;

    public RollUpReclassificationsConsumerDefinition(IOptions<MetricsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeLimit = options.Value.BatchTimeLimit;
        EndpointName = QueueName;
        ConcurrentMessageLimit = BatchSize;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RollUpReclassificationsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, BatchSize * 2);
        consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(BatchSize).SetTimeLimit(_timeLimit).SetConcurrencyLimit(1));
    }
}
