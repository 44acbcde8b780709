using Omnichannel.Contracts;

namespace Omnichannel.Domain.Metrics;

/// <summary>
/// Times to resolution as roll-ups keep them: a histogram of buckets 1% wide (geometrically), so that a
/// median or a 90th percentile over any cells is read within 0.5% by nearest rank, without the times themselves.
/// </summary>
public static class ResolutionHistogram
{
    /// <summary>The bucket of a first contact's time to resolution; null for any other classification.</summary>
    public static int? BucketOf(InteractionClassification classification)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return classification.Kind == ContactKind.FirstContact && classification.TimeToResolution is { } time
            ? (int)Math.Floor(Math.Log(Math.Max(1, time.TotalSeconds)) / Math.Log(1.01))
            : null;
    }

    /// <summary>The middle of a bucket (geometrically): within 0.5% of every time in it.</summary>
    public static TimeSpan ValueOf(int bucket) => TimeSpan.FromSeconds(Math.Pow(1.01, bucket + 0.5));

    /// <summary>The bucket's value where the cumulative count, buckets in increasing order, first reaches <paramref name="rank"/> of the total; null when empty.</summary>
    public static TimeSpan? NearestRank(IReadOnlyList<(int Bucket, long Count)> buckets, double rank) =>
        CrossingAt(buckets, rank) is { } bucket ? ValueOf(bucket) : null;

    /// <summary>The bucket where the cumulative count first reaches <paramref name="rank"/> of the total; null when empty.</summary>
    public static int? CrossingAt(IReadOnlyList<(int Bucket, long Count)> buckets, double rank)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var total = buckets.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }

        var target = Math.Max(1, (long)Math.Ceiling(rank * total));
        var seen = 0L;
        foreach (var (bucket, count) in buckets)
        {
            seen += count;
            if (seen >= target)
            {
                return bucket;
            }
        }

        return buckets[^1].Bucket;
    }
}
