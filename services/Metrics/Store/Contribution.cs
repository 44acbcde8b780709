using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// What one classification adds to the roll-ups (or takes away, with sign -1): counts on the day of the
/// interaction it is about, and, for a verdict that changes with time, the instant it changes at, so
/// that a query decides it for its own <c>asOf</c>.
/// </summary>
internal readonly record struct Contribution(long Day, int Channel, string Motive, string Service)
{
    public static Contribution For(InteractionClassification c, MetricsCalculator calendar) =>
        new(calendar.DayOf(c.OccurredAt).DayNumber, (int)c.Channel, c.Motive ?? "", c.Service ?? "");

    /// <summary>The daily counters, in the order of <see cref="SqliteMetricsStore"/>'s columns.</summary>
    public static long[] Counters(InteractionClassification c)
    {
        var counters = new long[Columns.Length];
        if (c.Kind is { } kind)
        {
            counters[0] = 1;
            counters[kind == ContactKind.FirstContact ? 1 : 2] = 1;
            counters[3] = c.CrossChannel ? 1 : 0;
        }

        if (c.Kind == ContactKind.FirstContact)
        {
            counters[c.FcrFailure is null ? 5 : 4] = 1;
        }

        if (c.AcknowledgementDueBy is not null)
        {
            counters[6] = 1;
            counters[7] = c.AcknowledgedAt is null ? 0 : 1;
        }

        if (c.AnnouncedDeadline is not null)
        {
            counters[8] = 1;
            counters[9] = c.DeadlineMetAt is null ? 0 : 1;
        }

        if (c.PickedUp() is { } up)
        {
            counters[10] = 1;
            counters[11] = up ? 1 : 0;
        }

        return counters;
    }

    /// <summary>The daily counter columns.</summary>
    public static readonly string[] Columns =
    [
        "contacts", "first_contacts", "reiterations", "cross_channel", "fcr_failed", "fcr_unfailed",
        "ack_expected", "ack_acknowledged", "deadlines", "deadlines_met", "phone", "phone_picked",
    ];

    /// <summary>Verdicts that change at an instant: FCR final, acknowledgement due, deadline passed.</summary>
    public static IEnumerable<(TimeVerdict Verdict, long At)> Instants(InteractionClassification c)
    {
        if (c.Kind == ContactKind.FirstContact && c.FcrFailure is null && c.FcrFinalAt is { } final)
        {
            yield return (TimeVerdict.FcrFinal, final.UtcTicks);
        }

        if (c.AcknowledgementDueBy is { } due && c.AcknowledgedAt is null)
        {
            yield return (TimeVerdict.AcknowledgementDue, due.UtcTicks);
        }

        if (c.AnnouncedDeadline is { } deadline && c.DeadlineMetAt is null)
        {
            yield return (TimeVerdict.DeadlinePassed, deadline.UtcTicks);
        }
    }

    /// <summary>The histogram bucket of a time to resolution: buckets 1% wide (nearest rank is read from them).</summary>
    public static int? ResolutionBucket(InteractionClassification c) =>
        c.Kind == ContactKind.FirstContact && c.TimeToResolution is { } time
            ? (int)Math.Floor(Math.Log(Math.Max(1, time.TotalSeconds)) / Math.Log(1.01))
            : null;

    /// <summary>The middle of a bucket (geometrically): within 0.5% of every time in it.</summary>
    public static TimeSpan BucketValue(int bucket) => TimeSpan.FromSeconds(Math.Pow(1.01, bucket + 0.5));
}
