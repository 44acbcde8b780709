using MassTransit;
using Microsoft.Extensions.Logging;
using Omnichannel.Contracts;
using Omnichannel.Hosting;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Stitches interactions one at a time into their people's journeys (what a failed batch hands over), then
/// publishes what they reclassified. The reclassification is kept with the interaction in the store, so
/// that a redelivery (the publish failed, or the process stopped after the write) publishes it again
/// under the same message id.
/// </summary>
public sealed partial class StitchInteractionConsumer(JourneyStitcher stitcher, ILogger<StitchInteractionConsumer> logger) : IConsumer<InteractionsRecorded>
{
    public async Task Consume(ConsumeContext<InteractionsRecorded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcomes = new List<StitchOutcome>();
        foreach (var interaction in context.Message.Interactions ?? throw new ArgumentException("InteractionsRecorded without interactions.", nameof(context)))
        {
            var outcome = await stitcher.StitchAsync(interaction, context.CancellationToken);
            LogStitched(logger, outcome.Reclassified.PersonId, outcome.Recorded, outcome.Reclassified.Changes.Count);
            outcomes.Add(outcome);
        }

        await AnnounceAsync(context, outcomes, context.CancellationToken);
    }

    /// <summary>Publishes, in one message, the reclassifications that changed something, once per cause.</summary>
    internal static Task AnnounceAsync(ConsumeContext context, IEnumerable<StitchOutcome> outcomes, CancellationToken cancellationToken)
    {
        var changed = outcomes.Select(o => o.Reclassified).Where(r => r.Changes.Count > 0).DistinctBy(r => r.Cause).ToList();
        return changed.Count == 0
            ? Task.CompletedTask
            : context.Publish(new ContactsReclassifiedBatch { Reclassifications = changed }, c => c.MessageId = MessageIds.ReclassifiedBy(changed.Select(r => r.Cause)), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stitched into person {PersonId} (new: {Recorded}), {Changes} classification change(s)")]
    private static partial void LogStitched(ILogger logger, string personId, bool recorded, int changes);
}
