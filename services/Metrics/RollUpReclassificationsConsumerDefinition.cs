using MassTransit;
using Microsoft.Data.Sqlite;

namespace Omnichannel.Metrics;

/// <summary>
/// The metrics queue, <c>metrics-roll-up</c>. One writer at a time per process (SQLite has one anyway);
/// a busy file is retried a few times, anything else goes to <c>metrics-roll-up_error</c> with its reason.
/// </summary>
public sealed class RollUpReclassificationsConsumerDefinition : ConsumerDefinition<RollUpReclassificationsConsumer>
{
    public const string QueueName = "metrics-roll-up";

    public RollUpReclassificationsConsumerDefinition()
    {
        EndpointName = QueueName;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RollUpReclassificationsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<SqliteException>(e => e.SqliteErrorCode is 5 or 6);
            retry.Exponential(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100));
        });
    }
}
