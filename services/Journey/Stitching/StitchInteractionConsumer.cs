using MassTransit;
using Microsoft.Extensions.Logging;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Hosting.Stores;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Stitches interactions one at a time into their people's journeys (what a failed batch hands over), then
/// publishes what they reclassified. The reclassification is kept with the interaction in the store, so
/// that a redelivery (the publish failed, or the process stopped after the write) publishes it again
/// under the same message id. A store fault is waited out (<see cref="StoreOutage"/>); only what is wrong
/// with the message itself goes to the error queue.
/// </summary>
public sealed partial class StitchInteractionConsumer(JourneyStitcher stitcher, IDurablePublisher publisher, StoreOutages outages, ILogger<StitchInteractionConsumer> logger) : IConsumer<InteractionsRecorded>
{
    public async Task Consume(ConsumeContext<InteractionsRecorded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var interactions = context.Message.Interactions ?? throw new ArgumentException("InteractionsRecorded without interactions.", nameof(context));
        await outages.For(JourneyModule.StoreName).RunAsync(async token =>
        {
            var outcomes = new List<StitchOutcome>();
            foreach (var interaction in interactions)
            {
                var outcome = await stitcher.StitchAsync(interaction, token);
                LogStitched(logger, outcome.Reclassified.PersonId, outcome.Recorded, outcome.Reclassified.Changes.Count);
                outcomes.Add(outcome);
            }

            await AnnounceAsync(publisher, context, outcomes, token);
        }, context.CancellationToken);
    }

    /// <summary>
    /// Changes per <c>ContactsReclassifiedBatch</c> (a change is two classifications, about 700 bytes of JSON):
    /// a message stays below the 85,000 bytes from which .NET puts an array on the large object heap, whose
    /// allocations cost a full collection in every process that sends or reads it (measured: whole batches
    /// of 300 interactions made messages of 400 KB and most of the host's full collections). A reclassification
    /// larger than this (a merge of long journeys) still travels whole, alone.
    /// </summary>
    internal const int ChangesPerMessage = 64;

    /// <summary>
    /// Publishes the reclassifications that changed something, once per cause, a few per message
    /// (<see cref="ChangesPerMessage"/>); a reclassification is never split across messages.
    /// </summary>
    internal static Task AnnounceAsync(IDurablePublisher publisher, ConsumeContext context, IEnumerable<StitchOutcome> outcomes, CancellationToken cancellationToken)
    {
        var changed = outcomes.Select(o => o.Reclassified).Where(r => r.Changes.Count > 0).DistinctBy(r => r.Cause);
        return publisher.PublishAsync(context, [.. InMessages(changed).Select(group =>
            new Outgoing<ContactsReclassifiedBatch>(new ContactsReclassifiedBatch { Reclassifications = group }, MessageIds.ReclassifiedBy(group.Select(r => r.Cause))))], cancellationToken);
    }

    /// <summary>Whole reclassifications, in order, gathered until a message holds <see cref="ChangesPerMessage"/> changes.</summary>
    internal static IEnumerable<List<ContactsReclassified>> InMessages(IEnumerable<ContactsReclassified> reclassifications)
    {
        var group = new List<ContactsReclassified>();
        var changes = 0;
        foreach (var reclassified in reclassifications)
        {
            if (group.Count > 0 && changes + reclassified.Changes.Count > ChangesPerMessage)
            {
                yield return group;
                (group, changes) = ([], 0);
            }

            group.Add(reclassified);
            changes += reclassified.Changes.Count;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stitched into person {PersonId} (new: {Recorded}), {Changes} classification change(s)")]
    private static partial void LogStitched(ILogger logger, string personId, bool recorded, int changes);
}
