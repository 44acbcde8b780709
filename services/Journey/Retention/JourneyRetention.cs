using Microsoft.Extensions.Logging;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Retention;
using Omnichannel.Hosting.Telemetry;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Retention;

/// <summary>
/// One retention run of the journey role (docs/domain.md §6): every person, a page at a time, loses the oldest
/// interactions that are past their period (<see cref="RetentionRule"/>); a person left with none leaves with its
/// identifiers and everyone merged into it; tombstones whose period ended go. Nothing is published: the
/// dashboards keep what they counted. A person that changed while it was examined is left for the next run.
/// </summary>
public sealed partial class JourneyRetention(IJourneyStore store, JourneyClassifier classifier, RetentionOptions options, TimeProvider time, ILogger<JourneyRetention> logger)
{
    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var (examined, interactions, people) = (0, 0, 0);
        LogStarted(logger, started);
        string? after = null;
        while (true)
        {
            var page = await store.ListPeopleAsync(after, options.BatchSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var (pageInteractions, pagePeople) = (0, 0);
            foreach (var personId in page)
            {
                var (left, gone) = await ExpireAsync(personId, started, cancellationToken);
                (pageInteractions, pagePeople) = (pageInteractions + left, pagePeople + (gone ? 1 : 0));
            }

            (examined, interactions, people, after) = (examined + page.Count, interactions + pageInteractions, people + pagePeople, page[^1]);
            OmnichannelTelemetry.RetentionRemoved(pageInteractions, "interactions");
            OmnichannelTelemetry.RetentionRemoved(pagePeople, "people");
            LogProgress(logger, examined, interactions, people);
            await Task.Delay(options.BatchPause, time, cancellationToken);
        }

        var tombstones = 0;
        for (int purged; (purged = await store.PurgeTombstonesAsync(started, options.BatchSize, cancellationToken)) > 0;)
        {
            tombstones += purged;
        }

        OmnichannelTelemetry.RetentionRemoved(tombstones, "tombstones");
        var report = new RetentionReport(started, time.GetUtcNow(), examined, interactions, people, tombstones);
        await store.RecordRetentionReportAsync(report, cancellationToken);
        LogFinished(logger, examined, interactions, people, tombstones);
        return report;
    }

    /// <summary>What leaves of one person's journey: how many interactions, and whether the person went.</summary>
    private async Task<(int Interactions, bool Gone)> ExpireAsync(string personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.LoadPersonAsync(personId, cancellationToken) is not { } person || person.Snapshot.Id != personId)
        {
            return (0, false);
        }

        var journey = person.Snapshot.Journey;
        var leaving = RetentionRule.LeavingPrefix(journey, channel => options.CutoffFor(channel, now), classifier.Windows);
        if (leaving == 0)
        {
            return (0, false);
        }

        try
        {
            if (leaving == journey.Count)
            {
                // Nothing left of the journey: the person goes with its identifiers, without tombstones (nothing was erased on request).
                var whole = await store.LoadJourneyAsync(personId, cancellationToken);
                if (whole is null || whole.Person.Version != person.Version)
                {
                    return (0, false);
                }

                await store.EraseAsync(new PersonErasure(null, personId, person.Version, [personId, .. whole.MergedPersonIds], [.. journey.Select(e => e.Key)]) { At = now }, cancellationToken);
                return (leaving, true);
            }

            await store.ExpireAsync(new InteractionExpiry(personId, person.Version, [.. journey.Take(leaving).Select(e => e.Key)]), cancellationToken);
            return (leaving, false);
        }
        catch (ConcurrentChangeException)
        {
            // Stitched meanwhile: the next run looks again.
            return (0, false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of journeys started at {Now}")]
    private static partial void LogStarted(ILogger logger, DateTimeOffset now);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of journeys: {Examined} people examined, {Interactions} interaction(s) and {People} person(s) removed so far")]
    private static partial void LogProgress(ILogger logger, int examined, int interactions, int people);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of journeys done: {Examined} people examined, {Interactions} interaction(s) and {People} person(s) removed, {Tombstones} tombstone(s) past their period")]
    private static partial void LogFinished(ILogger logger, int examined, int interactions, int people, int tombstones);
}
