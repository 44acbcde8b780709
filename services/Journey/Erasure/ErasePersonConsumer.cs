using MassTransit;
using Microsoft.Extensions.Logging;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Stores;
using Omnichannel.Journey.Stitching;

namespace Omnichannel.Journey.Erasure;

/// <summary>
/// Erases a person on a data-protection officer's request (docs/domain.md §6). Publishes nothing: the dashboards
/// keep what the person contributed (aggregates hold no personal data). A redelivery finds the erasure done.
/// </summary>
public sealed partial class ErasePersonConsumer(JourneyStitcher stitcher, StoreOutages outages, ILogger<ErasePersonConsumer> logger) : IConsumer<ErasePerson>
{
    public async Task Consume(ConsumeContext<ErasePerson> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await outages.For(JourneyModule.StoreName).RunAsync(async token =>
        {
            var report = await stitcher.EraseAsync(context.Message, token);
            LogErased(logger, report.ErasureId, report.People, report.Interactions, report.Identifiers);
        }, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ErasureId} done: {People} person record(s), {Interactions} interaction(s), {Identifiers} identifier(s) removed")]
    private static partial void LogErased(ILogger logger, string erasureId, int people, int interactions, int identifiers);
}
