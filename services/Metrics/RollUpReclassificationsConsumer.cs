using MassTransit;
using Omnichannel.Contracts;
using Omnichannel.Metrics.Store;

namespace Omnichannel.Metrics;

/// <summary>
/// Keeps the roll-ups: subtracts each old classification and adds each new one, once per cause, a batch
/// of messages in one transaction (one disk flush for many).
/// </summary>
public sealed class RollUpReclassificationsConsumer(SqliteMetricsStore store) : IConsumer<Batch<ContactsReclassifiedBatch>>
{
    public Task Consume(ConsumeContext<Batch<ContactsReclassifiedBatch>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return store.ApplyAsync([.. context.Message.SelectMany(m => m.Message.Reclassifications)], context.CancellationToken);
    }
}
