using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Stitches the interactions of a batch in one load and one write, then publishes what each reclassified.
/// A batch that fails for any reason but a lost race (which the message retry applies again) is handed
/// message by message to <see cref="StitchInteractionConsumer"/>, so that one bad message goes to the
/// error queue alone and the others go on. A batch that lost its last race is handed over too: batches of
/// two busy replicas touch many people each and can keep colliding, single interactions hardly do.
/// </summary>
public sealed partial class StitchInteractionsConsumer(JourneyStitcher stitcher, IOptions<JourneyOptions> options, ILogger<StitchInteractionsConsumer> logger) : IConsumer<Batch<InteractionRecorded>>
{
    public async Task Consume(ConsumeContext<Batch<InteractionRecorded>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<StitchOutcome> outcomes;
        try
        {
            outcomes = await stitcher.StitchBatchAsync([.. context.Message.Select(m => m.Message.Interaction)], context.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && (e is not ConcurrentChangeException || context.GetRetryAttempt() >= options.Value.ConflictRetryLimit))
        {
            LogHandedOver(logger, context.Message.Length, e.GetType().Name);
            var one = await context.GetSendEndpoint(new Uri($"queue:{StitchInteractionConsumerDefinition.QueueName}"));
            await Task.WhenAll(context.Message.Select(m => one.Send(m.Message, c =>
            {
                c.MessageId = m.MessageId;
                c.CorrelationId = m.CorrelationId;
            }, context.CancellationToken)));
            return;
        }

        await Task.WhenAll(outcomes.Where(o => o.Reclassified.Changes.Count > 0).DistinctBy(o => o.Reclassified.Cause).Select(o =>
            context.Publish(o.Reclassified, c => c.MessageId = MessageIds.ReclassifiedBy(o.Reclassified.Cause), context.CancellationToken)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} interaction(s) failed ({Error}): handed over one by one")]
    private static partial void LogHandedOver(ILogger logger, int count, string error);
}
