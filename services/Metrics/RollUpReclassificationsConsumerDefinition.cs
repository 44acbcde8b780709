using MassTransit;
using Microsoft.Data.Sqlite;

namespace Omnichannel.Metrics;

/// <summary>
/// The metrics queue, <c>metrics-roll-up</c>, read in batches of up to 200 messages, one batch at a time
/// per process (SQLite has one writer anyway); a busy file is retried a few times, anything else goes to
/// <c>metrics-roll-up_error</c> with its reason.
/// </summary>
public sealed class RollUpReclassificationsConsumerDefinition : ConsumerDefinition<RollUpReclassificationsConsumer>
{
    public const string QueueName = "metrics-roll-up";
    private const int BatchSize = 200;

    public RollUpReclassificationsConsumerDefinition()
    {
        EndpointName = QueueName;
        ConcurrentMessageLimit = BatchSize;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RollUpReclassificationsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, BatchSize * 2);
        consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(50)).SetConcurrencyLimit(1));
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<SqliteException>(e => e.SqliteErrorCode is 5 or 6);
            retry.Exponential(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100));
        });
    }
}
