using MassTransit;
using Microsoft.Extensions.Logging;
using Omnichannel.Contracts;
using Omnichannel.Hosting;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Stitches each recorded interaction into its person's journey, then publishes what it reclassified.
/// The reclassification is kept with the interaction in the store, so that a redelivery (the publish
/// failed, or the process stopped after the write) publishes it again under the same message id.
/// </summary>
public sealed partial class StitchInteractionConsumer(JourneyStitcher stitcher, ILogger<StitchInteractionConsumer> logger) : IConsumer<InteractionRecorded>
{
    public async Task Consume(ConsumeContext<InteractionRecorded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var interaction = context.Message.Interaction ?? throw new ArgumentException("InteractionRecorded without an interaction.", nameof(context));
        var outcome = await stitcher.StitchAsync(interaction, context.CancellationToken);
        LogStitched(logger, outcome.Reclassified.PersonId, outcome.Recorded, outcome.Reclassified.Changes.Count);
        if (outcome.Reclassified.Changes.Count > 0)
        {
            await context.Publish(outcome.Reclassified, c => c.MessageId = MessageIds.ReclassifiedBy(interaction.Key), context.CancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stitched into person {PersonId} (new: {Recorded}), {Changes} classification change(s)")]
    private static partial void LogStitched(ILogger logger, string personId, bool recorded, int changes);
}
