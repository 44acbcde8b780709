using Omnichannel.Contracts;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// What a batch of reclassifications adds to the roll-ups, summed in memory at the finest key before it is
/// written: a batch touches a few hundred keys however many classifications it moves, and a classification
/// taken away and given back in one batch writes nothing. Sums commute, so summing first changes no result.
/// </summary>
internal sealed class RollUpDelta(MetricsCalculator calendar)
{
    public Dictionary<Contribution, long[]> Counts { get; } = [];

    /// <summary>Verdicts that change with time, by the hour they change in.</summary>
    public Dictionary<(Contribution Key, int Verdict, long Hour), long> Open { get; } = [];

    /// <summary>The same verdicts one by one, for the last hour before a query's <c>asOf</c>.</summary>
    public Dictionary<(Contribution Key, int Verdict, long At), long> Instants { get; } = [];

    public Dictionary<(Contribution Key, int Bucket), long> Resolutions { get; } = [];

    public Dictionary<(Contribution Key, int From), long> Switches { get; } = [];

    public void Add(InteractionClassification classification, int sign)
    {
        var key = Contribution.For(classification, calendar);
        var counters = Contribution.Counters(classification);
        if (!Counts.TryGetValue(key, out var sums))
        {
            Counts[key] = sums = new long[counters.Length];
        }

        for (var i = 0; i < counters.Length; i++)
        {
            sums[i] += counters[i] * sign;
        }

        foreach (var (verdict, at) in Contribution.Instants(classification))
        {
            Plus(Open, (key, (int)verdict, at / TimeSpan.TicksPerHour), sign);
            Plus(Instants, (key, (int)verdict, at), sign);
        }

        if (Contribution.ResolutionBucket(classification) is { } bucket)
        {
            Plus(Resolutions, (key, bucket), sign);
        }

        if (classification.Kind == ContactKind.Reiteration && classification.PredecessorChannel is { } from)
        {
            Plus(Switches, (key, (int)from), sign);
        }
    }

    /// <summary>Sums <paramref name="entries"/> again under a coarser key; what sums to zero is left out.</summary>
    public static Dictionary<TKey, long> Regroup<TSource, TKey>(Dictionary<TSource, long> entries, Func<TSource, TKey> coarser)
        where TSource : notnull
        where TKey : notnull
    {
        var regrouped = new Dictionary<TKey, long>();
        foreach (var (key, n) in entries)
        {
            Plus(regrouped, coarser(key), n);
        }

        foreach (var zero in regrouped.Where(e => e.Value == 0).Select(e => e.Key).ToList())
        {
            regrouped.Remove(zero);
        }

        return regrouped;
    }

    private static void Plus<TKey>(Dictionary<TKey, long> sums, TKey key, long n)
        where TKey : notnull =>
        sums[key] = sums.GetValueOrDefault(key) + n;
}
