using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;

namespace Omnichannel.Domain.Metrics;

/// <summary>
/// DOMAIN §4 computed from classifications: the definition every roll-up must agree with. Each count
/// belongs to the day of the interaction it is about, in the configured time zone: a contact's own day;
/// FCR, acknowledgement and time to resolution on the first contact's day; a reiteration and its channel
/// pair on the reiteration's day; a deadline on the day of the interaction that announced it (each is
/// the day of the classification that carries it). Pure: the instant is the query's <c>asOf</c>.
/// </summary>
public sealed class MetricsCalculator(TimeZoneInfo zone)
{
    public static MetricsCalculator Paris { get; } = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

    /// <summary>The day an instant falls on in the configured time zone.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public MetricsSummary Summarize(IEnumerable<InteractionClassification> classifications, MetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Summarize(Select(classifications, query), query.AsOf);
    }

    /// <summary>The summary of each day of the period, in order.</summary>
    public IReadOnlyList<(DateOnly Day, MetricsSummary Summary)> Timeseries(IEnumerable<InteractionClassification> classifications, MetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var byDay = Select(classifications, query).ToLookup(c => DayOf(c.OccurredAt));
        var days = new List<(DateOnly, MetricsSummary)>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            days.Add((day, Summarize(byDay[day], query.AsOf)));
        }

        return days;
    }

    /// <summary>The channel-switch matrix: reiterations by their predecessor's channel and their own.</summary>
    public IReadOnlyList<ChannelSwitch> ChannelSwitches(IEnumerable<InteractionClassification> classifications, MetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. Select(classifications, query)
            .Where(c => c.Kind == ContactKind.Reiteration && c.PredecessorChannel is not null)
            .GroupBy(c => (From: c.PredecessorChannel!.Value, To: c.Channel))
            .Select(g => new ChannelSwitch(g.Key.From, g.Key.To, g.Count()))
            .OrderBy(s => s.From).ThenBy(s => s.To)];
    }

    /// <summary>Motives by reiterations, most first.</summary>
    public IReadOnlyList<MotiveReiteration> Motives(IEnumerable<InteractionClassification> classifications, MetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. Select(classifications, query)
            .Where(c => c.Kind is not null && c.Motive is not null)
            .GroupBy(c => c.Motive!, StringComparer.Ordinal)
            .Select(g =>
            {
                var summary = Summarize(g, query.AsOf);
                return new MotiveReiteration(g.Key, summary.Contacts, summary.Reiterations, summary.ReiterationRate, summary.FcrRate);
            })
            .OrderByDescending(m => m.Reiterations).ThenByDescending(m => m.ReiterationRate).ThenBy(m => m.Motive, StringComparer.Ordinal)];
    }

    /// <summary>A motive filter is a motive prefix (<see cref="MotivePrefix"/>): the motive itself or one below it.</summary>
    public static bool MotiveMatches(string? motive, string? filter) => filter is null || MotivePrefix.Covers(filter, motive);

    private IEnumerable<InteractionClassification> Select(IEnumerable<InteractionClassification> classifications, MetricsQuery query) =>
        classifications.Where(c =>
        {
            var day = DayOf(c.OccurredAt);
            return day >= query.From && day <= query.To
                && (query.Channel is null || c.Channel == query.Channel)
                && MotiveMatches(c.Motive, query.Motive)
                && (query.Service is null || string.Equals(c.Service, query.Service, StringComparison.Ordinal));
        });

    private static MetricsSummary Summarize(IEnumerable<InteractionClassification> classifications, DateTimeOffset asOf)
    {
        int contacts = 0, first = 0, reiterations = 0, cross = 0, resolved = 0, failed = 0, pending = 0;
        int acknowledged = 0, ackDecided = 0, respected = 0, deadlinesDecided = 0, phone = 0, pickedUp = 0;
        var resolutionTimes = new List<TimeSpan>();
        foreach (var c in classifications)
        {
            if (c.Kind is { } kind)
            {
                contacts++;
                if (kind == ContactKind.FirstContact)
                {
                    first++;
                }
                else
                {
                    reiterations++;
                    cross += c.CrossChannel ? 1 : 0;
                }
            }

            switch (c.Fcr(asOf))
            {
                case FcrStatus.Resolved: resolved++; break;
                case FcrStatus.Failed: failed++; break;
                case FcrStatus.Pending: pending++; break;
            }

            switch (c.Acknowledgement(asOf))
            {
                case AcknowledgementStatus.Acknowledged: acknowledged++; ackDecided++; break;
                case AcknowledgementStatus.NotAcknowledged: ackDecided++; break;
            }

            switch (c.Deadline(asOf))
            {
                case DeadlineStatus.Respected: respected++; deadlinesDecided++; break;
                case DeadlineStatus.Missed: deadlinesDecided++; break;
            }

            if (c.PickedUp() is { } up)
            {
                phone++;
                pickedUp += up ? 1 : 0;
            }

            if (c.Kind == ContactKind.FirstContact && c.TimeToResolution is { } time)
            {
                resolutionTimes.Add(time);
            }
        }

        resolutionTimes.Sort();
        return MetricsSummary.Of(contacts, first, reiterations, cross, (resolved, failed, pending), (acknowledged, ackDecided), (respected, deadlinesDecided),
            (NearestRank(resolutionTimes, 0.5), NearestRank(resolutionTimes, 0.9)), (phone, pickedUp));
    }

    /// <summary>The smallest value with at least <paramref name="rank"/> of the values at or below it.</summary>
    private static TimeSpan? NearestRank(List<TimeSpan> sorted, double rank) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(rank * sorted.Count) - 1, 0, sorted.Count - 1)];
}
