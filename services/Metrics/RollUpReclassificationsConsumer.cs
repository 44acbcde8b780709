using MassTransit;
using Omnichannel.Contracts;
using Omnichannel.Metrics.Store;

namespace Omnichannel.Metrics;

/// <summary>Keeps the roll-ups: subtracts each old classification and adds each new one, once per cause.</summary>
public sealed class RollUpReclassificationsConsumer(SqliteMetricsStore store) : IConsumer<ContactsReclassified>
{
    public Task Consume(ConsumeContext<ContactsReclassified> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return store.ApplyAsync(context.Message, context.CancellationToken);
    }
}
