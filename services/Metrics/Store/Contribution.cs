using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;

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

    /// <summary>Adds (or, with sign -1, takes away) the daily counters of a classification, in the order of <see cref="Columns"/>.</summary>
    public static void AddCounters(InteractionClassification c, Span<long> sums, int sign)
    {
        if (c.Kind is { } kind)
        {
            sums[0] += sign;
            sums[kind == ContactKind.FirstContact ? 1 : 2] += sign;
            sums[3] += c.CrossChannel ? sign : 0;
        }

        if (c.Kind == ContactKind.FirstContact)
        {
            sums[c.FcrFailure is null ? 5 : 4] += sign;
        }

        if (c.AcknowledgementDueBy is not null)
        {
            sums[6] += sign;
            sums[7] += c.AcknowledgedAt is null ? 0 : sign;
        }

        if (c.AnnouncedDeadline is not null)
        {
            sums[8] += sign;
            sums[9] += c.DeadlineMetAt is null ? 0 : sign;
        }

        if (c.PickedUp() is { } up)
        {
            sums[10] += sign;
            sums[11] += up ? sign : 0;
        }
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
