using MassTransit;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Stores;
using Omnichannel.Metrics.Store;

namespace Omnichannel.Metrics;

/// <summary>
/// Keeps the roll-ups: subtracts each old classification and adds each new one, once per cause, a batch
/// of messages in one transaction (one disk flush for many). A store that cannot be written is waited out
/// with the batch in hand (<see cref="StoreOutage"/>).
/// </summary>
public sealed class RollUpReclassificationsConsumer(IMetricsStore store, StoreOutages outages) : IConsumer<Batch<ContactsReclassifiedBatch>>
{
    public Task Consume(ConsumeContext<Batch<ContactsReclassifiedBatch>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        List<ContactsReclassified> reclassifications = [.. context.Message.SelectMany(m => m.Message.Reclassifications)];
        return outages.For(MetricsModule.StoreName).RunAsync(token => store.ApplyAsync(reclassifications, token), context.CancellationToken);
    }
}
