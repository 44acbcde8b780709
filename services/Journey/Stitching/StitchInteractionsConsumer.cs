using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Hosting.Stores;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Stitches the interactions of a batch of messages, up to <see cref="JourneyOptions.BatchSize"/> at a time
/// in one load and one write, and publishes what each stitch reclassified (a few reclassifications per message). A batch that
/// fails for any reason but a lost race (which the message retry applies again) is handed interaction by
/// interaction to <see cref="StitchInteractionConsumer"/>, so that one bad interaction goes to the error
/// queue alone and the others go on. A batch that lost its last race is handed over too: batches of two
/// busy replicas touch many people each and can keep colliding, single interactions hardly do. A store that
/// fails for a reason of its own (full, read-only, down) is waited out with the batch in hand
/// (<see cref="StoreOutage"/>): never a reason to hand over, nor to fault.
/// </summary>
public sealed partial class StitchInteractionsConsumer(
    JourneyStitcher stitcher, IDurablePublisher publisher, StoreOutages outages, IOptions<JourneyOptions> options, ILogger<StitchInteractionsConsumer> logger)
    : IConsumer<Batch<InteractionsRecorded>>
{
    public async Task Consume(ConsumeContext<Batch<InteractionsRecorded>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var interactions = context.Message.SelectMany(m => m.Message.Interactions ?? []).ToList();
        try
        {
            // Even chunks: 2,400 interactions stitch as 2 x 1,200, not as 2,000 and a small 400.
            var chunks = Math.Max(1, (interactions.Count + options.Value.BatchSize - 1) / options.Value.BatchSize);
            var outage = outages.For(JourneyModule.StoreName);
            foreach (var chunk in interactions.Chunk(Math.Max(1, (interactions.Count + chunks - 1) / chunks)))
            {
                await outage.RunAsync(async token =>
                {
                    var outcomes = await stitcher.StitchBatchAsync(chunk, token);
                    await StitchInteractionConsumer.AnnounceAsync(publisher, context, outcomes, token);
                }, context.CancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && !StoreFaults.IsStoreFault(e)
            && (e is not ConcurrentChangeException || context.GetRetryAttempt() >= options.Value.ConflictRetryLimit))
        {
            LogHandedOver(logger, interactions.Count, e.GetType().Name);
            // A null entry (a malformed message) goes over too, to fail alone into the error queue with its reason.
            await publisher.SendAsync(context, StitchInteractionConsumerDefinition.QueueName, [.. interactions.Select(i => new Outgoing<InteractionsRecorded>(
                new InteractionsRecorded { Interactions = [i] }, i is null ? NewId.NextGuid() : MessageIds.For([i.Key]), context.CorrelationId))], context.CancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} interaction(s) failed ({Error}): handed over one by one")]
    private static partial void LogHandedOver(ILogger logger, int count, string error);
}
