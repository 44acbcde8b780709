using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;

namespace Omnichannel.Domain.Metrics;

/// <summary>
/// The one list of what the product measures (DOMAIN §4): the counters the roll-ups keep and which
/// classifications each counts, the verdicts that change with time and the counter each corrects, the figures
/// of a summary with their French labels, units and CSV columns, and the dashboard's tiles. The roll-up
/// stores, the summary's CSV and the dashboard are built from these lists; <see cref="MetricsCalculator"/>
/// states each figure's definition directly, and the store contract tests hold the two to the same numbers.
/// </summary>
/// <remarks>
/// A new counter is one entry here (its rule), the figures it feeds in <see cref="Summarize"/>, and nothing
/// else: the SQLite roll-ups add its column to an existing file at start (zero for what was rolled up before;
/// a replay of the journeys fills it), the MongoDB roll-ups a field.
/// </remarks>
public static class MetricCatalogue
{
    private static readonly List<Counter> DefinedCounters = [];

    public static readonly Counter Contacts = Define("contacts", "contacts (first contacts and reiterations)", c => c.Kind is not null);

    public static readonly Counter FirstContacts = Define("first_contacts", "first contacts of a demand", c => c.Kind == ContactKind.FirstContact);

    public static readonly Counter Reiterations = Define("reiterations", "reiterations", c => c.Kind == ContactKind.Reiteration);

    public static readonly Counter CrossChannel = Define("cross_channel", "reiterations on another channel than their predecessor", c => c.Kind is not null && c.CrossChannel);

    public static readonly Counter FcrFailed = Define("fcr_failed", "first contacts whose demand came back or stayed unresolved", c => c.Kind == ContactKind.FirstContact && c.FcrFailure is not null);

    /// <summary>Resolved once their window is over: <see cref="TimeVerdict.FcrFinal"/> says which are still pending.</summary>
    public static readonly Counter FcrUnfailed = Define("fcr_unfailed", "first contacts not failed (resolved, or pending until their window ends)", c => c.Kind == ContactKind.FirstContact && c.FcrFailure is null);

    public static readonly Counter AcknowledgementsExpected = Define("ack_expected", "contacts owed an acknowledgement", c => c.AcknowledgementDueBy is not null);

    public static readonly Counter Acknowledged = Define("ack_acknowledged", "contacts acknowledged in time", c => c.AcknowledgementDueBy is not null && c.AcknowledgedAt is not null);

    public static readonly Counter Deadlines = Define("deadlines", "announced deadlines", c => c.AnnouncedDeadline is not null);

    public static readonly Counter DeadlinesMet = Define("deadlines_met", "announced deadlines met", c => c.AnnouncedDeadline is not null && c.DeadlineMetAt is not null);

    public static readonly Counter PhoneContacts = Define("phone", "phone contacts offered", c => c.PickedUp() is not null);

    public static readonly Counter PhonePickedUp = Define("phone_picked", "phone contacts picked up", c => c.PickedUp() == true);

    /// <summary>Every counter, in the order of their <see cref="Counter.Index"/>.</summary>
    public static IReadOnlyList<Counter> Counters => DefinedCounters;

    /// <summary>The counter a verdict that changes with time corrects while it is still open at a query's instant.</summary>
    public static Counter Corrects(TimeVerdict verdict) => verdict switch
    {
        TimeVerdict.FcrFinal => FcrUnfailed,
        TimeVerdict.AcknowledgementDue => AcknowledgementsExpected,
        TimeVerdict.DeadlinePassed => Deadlines,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Not a verdict that changes with time."),
    };

    /// <summary>Adds (or, with sign -1, takes away) the counters of a classification, by <see cref="Counter.Index"/>.</summary>
    public static void AddCounters(InteractionClassification classification, Span<long> sums, int sign)
    {
        ArgumentNullException.ThrowIfNull(classification);
        foreach (var counter in DefinedCounters)
        {
            if (counter.Counts(classification))
            {
                sums[counter.Index] += sign;
            }
        }
    }

    /// <summary>The verdicts of a classification that change at an instant, with that instant (UTC ticks).</summary>
    public static IEnumerable<(TimeVerdict Verdict, long At)> OpenVerdicts(InteractionClassification classification)
    {
        ArgumentNullException.ThrowIfNull(classification);
        if (classification.Kind == ContactKind.FirstContact && classification.FcrFailure is null && classification.FcrFinalAt is { } final)
        {
            yield return (TimeVerdict.FcrFinal, final.UtcTicks);
        }

        if (classification.AcknowledgementDueBy is { } due && classification.AcknowledgedAt is null)
        {
            yield return (TimeVerdict.AcknowledgementDue, due.UtcTicks);
        }

        if (classification.AnnouncedDeadline is { } deadline && classification.DeadlineMetAt is null)
        {
            yield return (TimeVerdict.DeadlinePassed, deadline.UtcTicks);
        }
    }

    /// <summary>
    /// A summary from roll-ups: the counters summed over the query's cells, the verdicts still open at its
    /// instant, and the median and 90th percentile its histogram gives.
    /// </summary>
    public static MetricsSummary Summarize(IReadOnlyList<long> counters, Func<TimeVerdict, long> open, (TimeSpan? Median, TimeSpan? P90) timeToResolution)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(open);
        int Count(Counter counter) => checked((int)counters[counter.Index]);
        int Open(TimeVerdict verdict) => checked((int)open(verdict));
        var pending = Open(TimeVerdict.FcrFinal);
        return MetricsSummary.Of(
            Count(Contacts), Count(FirstContacts), Count(Reiterations), Count(CrossChannel),
            (Count(FcrUnfailed) - pending, Count(FcrFailed), pending),
            (Count(Acknowledged), Count(AcknowledgementsExpected) - Open(TimeVerdict.AcknowledgementDue)),
            (Count(DeadlinesMet), Count(Deadlines) - Open(TimeVerdict.DeadlinePassed)),
            timeToResolution,
            (Count(PhoneContacts), Count(PhonePickedUp)));
    }

    /// <summary>Every figure of a summary, in the order of the CSV's columns.</summary>
    public static IReadOnlyList<Metric> Metrics { get; } =
    [
        new("contacts", "Contacts", MetricUnit.Count, "contacts", s => s.Contacts),
        new("firstContacts", "Premiers contacts", MetricUnit.Count, "firstContacts", s => s.FirstContacts),
        new("reiterations", "Réitérations", MetricUnit.Count, "reiterations", s => s.Reiterations),
        new("reiterationRate", "Taux de réitération", MetricUnit.Rate, "reiterationRate", s => s.ReiterationRate),
        new("crossChannelReiterations", "Réitérations multicanal", MetricUnit.Count, "crossChannelReiterations", s => s.CrossChannelReiterations),
        new("fcrResolved", "Résolus au premier contact", MetricUnit.Count, "fcrResolved", s => s.FcrResolved),
        new("fcrFailed", "Non résolus au premier contact", MetricUnit.Count, "fcrFailed", s => s.FcrFailed),
        new("fcrPending", "En attente de résolution", MetricUnit.Count, "fcrPending", s => s.FcrPending),
        new("fcrRate", "Résolution au 1er contact", MetricUnit.Rate, "fcrRate", s => s.FcrRate),
        new("acknowledged", "Accusés de réception dans le délai", MetricUnit.Count, "acknowledged", s => s.Acknowledged),
        new("acknowledgementsDecided", "Accusés de réception décidés", MetricUnit.Count, "acknowledgementsDecided", s => s.AcknowledgementsDecided),
        new("acknowledgementRate", "Accusés de réception dans le délai", MetricUnit.Rate, "acknowledgementRate", s => s.AcknowledgementRate),
        new("deadlinesRespected", "Délais annoncés tenus", MetricUnit.Count, "deadlinesRespected", s => s.DeadlinesRespected),
        new("deadlinesDecided", "Délais annoncés décidés", MetricUnit.Count, "deadlinesDecided", s => s.DeadlinesDecided),
        new("deadlineRespectRate", "Délais annoncés tenus", MetricUnit.Rate, "deadlineRespectRate", s => s.DeadlineRespectRate),
        new("medianTimeToResolution", "Délai de résolution médian", MetricUnit.Duration, "medianTimeToResolutionHours", s => s.MedianTimeToResolution?.TotalHours),
        new("p90TimeToResolution", "Délai de résolution à 90 %", MetricUnit.Duration, "p90TimeToResolutionHours", s => s.P90TimeToResolution?.TotalHours),
        new("contactsPerDemand", "Contacts par demande", MetricUnit.Ratio, "contactsPerDemand", s => s.ContactsPerDemand),
        new("phoneContacts", "Appels", MetricUnit.Count, "phoneContacts", s => s.PhoneContacts),
        new("phoneContactsPickedUp", "Appels décrochés", MetricUnit.Count, "phoneContactsPickedUp", s => s.PhoneContactsPickedUp),
        new("phonePickUpRate", "Taux de décroché", MetricUnit.Rate, "phonePickUpRate", s => s.PhonePickUpRate),
    ];

    /// <summary>A figure by its name in the JSON.</summary>
    public static Metric Named(string name) =>
        Metrics.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"No metric is named '{name}'.", nameof(name));

    /// <summary>The dashboard's tiles, in the order they are shown.</summary>
    public static IReadOnlyList<MetricTile> Tiles { get; } =
    [
        new("contacts", "Contacts", [Named("contacts")]),
        new("fcrRate", "Résolution au 1er contact", [Named("fcrRate")], "{fcrResolved|résolu|résolus}, {fcrFailed|non résolu|non résolus}, {fcrPending|en attente|en attente}"),
        new("reiterationRate", "Taux de réitération", [Named("reiterationRate")], "{reiterations|réitération|réitérations} sur {contacts|contact|contacts}"),
        new("crossChannelReiterations", "Réitérations multicanal", [Named("crossChannelReiterations")]),
        new("contactsPerDemand", "Contacts par demande", [Named("contactsPerDemand")]),
        new("acknowledgementRate", "Accusés de réception dans le délai", [Named("acknowledgementRate")], "{acknowledged} sur {acknowledgementsDecided|décidé|décidés}"),
        new("deadlineRespectRate", "Délais annoncés tenus", [Named("deadlineRespectRate")], "{deadlinesRespected} sur {deadlinesDecided|décidé|décidés}"),
        new("phonePickUpRate", "Taux de décroché", [Named("phonePickUpRate")], "{phoneContactsPickedUp} sur {phoneContacts|appel|appels}"),
        new("timeToResolution", "Délai de résolution (médiane / 90 %)", [Named("medianTimeToResolution"), Named("p90TimeToResolution")]),
    ];

    private static Counter Define(string column, string meaning, Func<InteractionClassification, bool> counts)
    {
        var counter = new Counter(DefinedCounters.Count, column, meaning, counts);
        DefinedCounters.Add(counter);
        return counter;
    }
}
