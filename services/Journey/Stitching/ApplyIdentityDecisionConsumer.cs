using MassTransit;
using Microsoft.Extensions.Logging;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Hosting.Stores;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Applies a decision about identities (an advisor's verification of a caller, a referent's merge) to the
/// people, then publishes what it reclassified, so that dashboards follow. The decision is recorded with its
/// reclassification: a redelivery publishes the same again, under the same message id.
/// </summary>
public sealed partial class ApplyIdentityDecisionConsumer(JourneyStitcher stitcher, IDurablePublisher publisher, StoreOutages outages, ILogger<ApplyIdentityDecisionConsumer> logger)
    : IConsumer<ApplyIdentityDecision>
{
    public async Task Consume(ConsumeContext<ApplyIdentityDecision> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await outages.For(JourneyModule.StoreName).RunAsync(async token =>
        {
            var outcome = await stitcher.DecideAsync(context.Message, token);
            LogDecided(logger, context.Message.DecisionId, context.Message.Kind, outcome.Reclassified.PersonId, outcome.Recorded, outcome.Reclassified.Changes.Count);
            await StitchInteractionConsumer.AnnounceAsync(publisher, context, [outcome], token);
        }, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId} ({Kind}) applied to person {PersonId} (new: {Recorded}), {Changes} classification change(s)")]
    private static partial void LogDecided(ILogger logger, string decisionId, IdentityDecisionKind kind, string personId, bool recorded, int changes);
}
