using System.Runtime.InteropServices;
using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// What a batch of reclassifications adds to the roll-ups, summed in memory at the finest key before it is
/// written: a batch touches a few hundred keys however many classifications it moves, and a classification
/// taken away and given back in one batch sums to zero, and the writer skips what sums to zero. Sums
/// commute, so summing first changes no result.
/// A delta is cleared and used again for the next batch: its tables hold thousands of keys, and new ones
/// each time were large-object-heap arrays (a full collection each).
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

    private readonly Dictionary<Contribution, long[]> _coarseCounts = [];
    private readonly Dictionary<(Contribution Key, int Verdict, long Hour), long> _coarseOpen = [];
    private readonly Dictionary<(Contribution Key, int Bucket), long> _coarseResolutions = [];
    private readonly Dictionary<Contribution, List<KeyValuePair<int, long>>> _histograms = [];
    private readonly Dictionary<(Contribution Key, int From), long> _coarseSwitches = [];

    public void Add(InteractionClassification classification, int sign)
    {
        var key = Contribution.For(classification, calendar);
        ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(Counts, key, out _);
        sums ??= new long[MetricCatalogue.Counters.Count];
        MetricCatalogue.AddCounters(classification, sums, sign);

        foreach (var (verdict, at) in MetricCatalogue.OpenVerdicts(classification))
        {
            Plus(Open, (key, (int)verdict, at / TimeSpan.TicksPerHour), sign);
            Plus(Instants, (key, (int)verdict, at), sign);
        }

        if (ResolutionHistogram.BucketOf(classification) is { } bucket)
        {
            Plus(Resolutions, (key, bucket), sign);
        }

        if (classification.Kind == ContactKind.Reiteration && classification.PredecessorChannel is { } from)
        {
            Plus(Switches, (key, (int)from), sign);
        }
    }

    /// <summary>Counters summed again under a coarser key (a level's); valid until the next call. Keys may sum to zero.</summary>
    public Dictionary<Contribution, long[]> CountsUnder(Func<Contribution, Contribution> coarser)
    {
        _coarseCounts.Clear();
        foreach (var (key, counters) in Counts)
        {
            ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(_coarseCounts, coarser(key), out _);
            sums ??= new long[counters.Length];
            for (var i = 0; i < counters.Length; i++)
            {
                sums[i] += counters[i];
            }
        }

        return _coarseCounts;
    }

    /// <summary>Verdicts that change with time summed again under a coarser key; valid until the next call.</summary>
    public Dictionary<(Contribution Key, int Verdict, long Hour), long> OpenUnder(Func<Contribution, Contribution> coarser) =>
        Regroup(Open, e => (coarser(e.Key), e.Verdict, e.Hour), _coarseOpen);

    /// <summary>Times to resolution summed again under a coarser key and bucket; valid until the next call.</summary>
    public Dictionary<(Contribution Key, int Bucket), long> ResolutionsUnder(Func<(Contribution Key, int Bucket), (Contribution Key, int Bucket)> coarser) =>
        Regroup(Resolutions, coarser, _coarseResolutions);

    /// <summary>Channel switches summed again under a coarser key (a switch level's); valid until the next call. Keys may sum to zero.</summary>
    public Dictionary<(Contribution Key, int From), long> SwitchesUnder(Func<Contribution, Contribution> coarser) =>
        Regroup(Switches, e => (coarser(e.Key), e.From), _coarseSwitches);

    /// <summary>
    /// Times to resolution by a coarser key (a level's), each key's buckets together, for the roll-ups that keep a
    /// histogram per key (<see cref="HistogramBlob"/>); valid until the next call. Buckets may repeat and sum to zero.
    /// </summary>
    public Dictionary<Contribution, List<KeyValuePair<int, long>>> HistogramsUnder(Func<Contribution, Contribution> coarser)
    {
        _histograms.Clear();
        foreach (var ((key, bucket), n) in Resolutions)
        {
            ref var buckets = ref CollectionsMarshal.GetValueRefOrAddDefault(_histograms, coarser(key), out _);
            buckets ??= [];
            buckets.Add(new(bucket, n));
        }

        return _histograms;
    }

    /// <summary>Forgets every sum, keeping the tables for the next batch.</summary>
    public void Clear()
    {
        Counts.Clear();
        Open.Clear();
        Instants.Clear();
        Resolutions.Clear();
        Switches.Clear();
        _coarseCounts.Clear();
        _coarseOpen.Clear();
        _coarseResolutions.Clear();
        _histograms.Clear();
        _coarseSwitches.Clear();
    }

    /// <summary>Sums <paramref name="entries"/> again under a coarser key into <paramref name="into"/>, cleared first.</summary>
    private static Dictionary<TKey, long> Regroup<TSource, TKey>(Dictionary<TSource, long> entries, Func<TSource, TKey> coarser, Dictionary<TKey, long> into)
        where TSource : notnull
        where TKey : notnull
    {
        into.Clear();
        foreach (var (key, n) in entries)
        {
            Plus(into, coarser(key), n);
        }

        return into;
    }

    private static void Plus<TKey>(Dictionary<TKey, long> sums, TKey key, long n)
        where TKey : notnull =>
        CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _) += n;
}
