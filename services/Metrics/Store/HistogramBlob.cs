using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// A histogram of times to resolution (<see cref="Domain.Metrics.ResolutionHistogram"/>'s buckets) as one value:
/// its non-zero buckets in increasing order, each as the distance from the one before and its count, both in
/// the 7-bit encoding of <see cref="BinaryWriter.Write7BitEncodedInt64"/>. A roll-up keeps one per key, so that a
/// period's percentiles read a row per key rather than a row per key and bucket (issue 22: the services table of
/// an unfiltered dashboard read 65,000 bucket rows of 90 days at 1 M interactions and spent 40 ms sorting them).
/// Counts may be negative (a delta that takes a classification away); buckets that sum to zero are dropped. In SQL,
/// NULL is the empty histogram (SQLite makes NULL of the empty blob a function returns).
/// </summary>
internal static class HistogramBlob
{
    /// <summary>The SQL function that adds two histograms (an upsert's old and new values).</summary>
    public const string AddFunction = "histogram_add";

    /// <summary>The SQL aggregate that sums histograms (a level filled from a finer one).</summary>
    public const string SumAggregate = "histogram_sum";

    /// <summary>The SQL aggregate that makes a histogram of (bucket, count) rows (a file made before histograms were values).</summary>
    public const string OfAggregate = "histogram_of";

    /// <summary>
    /// Writes the histogram of <paramref name="buckets"/> (any order, a bucket may repeat; sorted in place) into
    /// <paramref name="into"/>, cleared first; nothing when every bucket sums to zero.
    /// </summary>
    public static void Write(List<KeyValuePair<int, long>> buckets, ArrayBufferWriter<byte> into)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(into);
        into.ResetWrittenCount();
        buckets.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        var previous = 0;
        for (var i = 0; i < buckets.Count;)
        {
            var bucket = buckets[i].Key;
            var count = 0L;
            for (; i < buckets.Count && buckets[i].Key == bucket; i++)
            {
                count += buckets[i].Value;
            }

            if (count != 0)
            {
                Append(into, bucket - previous, count);
                previous = bucket;
            }
        }
    }

    /// <summary>The histogram of <paramref name="buckets"/>, as <see cref="Write"/> makes it.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<int, long>> buckets)
    {
        var into = new ArrayBufferWriter<byte>();
        Write([.. buckets], into);
        return into.WrittenSpan.ToArray();
    }

    /// <summary>Adds each bucket of <paramref name="histogram"/> into <paramref name="sums"/>.</summary>
    public static void AddTo(ReadOnlySpan<byte> histogram, Dictionary<int, long> sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var bucket = 0;
        for (var position = 0; position < histogram.Length;)
        {
            bucket += (int)Read7Bit(histogram, ref position);
            CollectionsMarshal.GetValueRefOrAddDefault(sums, bucket, out _) += (long)Read7Bit(histogram, ref position);
        }
    }

    /// <summary>The buckets of <paramref name="histogram"/>, in increasing order.</summary>
    public static IReadOnlyList<(int Bucket, long Count)> Decode(ReadOnlySpan<byte> histogram)
    {
        var sums = new Dictionary<int, long>();
        AddTo(histogram, sums);
        return [.. sums.OrderBy(s => s.Key).Select(s => (s.Key, s.Value))];
    }

    /// <summary>The sum of two histograms (null: empty), merged in one pass as both are in bucket order.</summary>
    public static byte[] Add(byte[]? left, byte[]? right)
    {
        ReadOnlySpan<byte> a = left, b = right;
        var into = new ArrayBufferWriter<byte>(a.Length + b.Length);
        int i = 0, j = 0, previous = 0;
        var (bucketA, countA) = Next(a, ref i, 0);
        var (bucketB, countB) = Next(b, ref j, 0);
        while (bucketA < int.MaxValue || bucketB < int.MaxValue)
        {
            var bucket = Math.Min(bucketA, bucketB);
            var count = 0L;
            if (bucketA == bucket)
            {
                count += countA;
                (bucketA, countA) = Next(a, ref i, bucketA);
            }

            if (bucketB == bucket)
            {
                count += countB;
                (bucketB, countB) = Next(b, ref j, bucketB);
            }

            if (count != 0)
            {
                Append(into, bucket - previous, count);
                previous = bucket;
            }
        }

        return into.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The buckets with a positive sum, in increasing order: what percentiles are read from (a bucket can sum
    /// to less than zero only in a part of the roll-ups that a classification has not reached yet).
    /// </summary>
    public static List<(int Bucket, long Count)> Positive(Dictionary<int, long> sums) =>
        [.. sums.Where(s => s.Value > 0).OrderBy(s => s.Key).Select(s => (s.Key, s.Value))];

    /// <summary>Makes the functions above known to SQL on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<byte[]?, byte[]?, byte[]>(AddFunction, Add, isDeterministic: true);
        connection.CreateAggregate<byte[]?, Dictionary<int, long>?, byte[]>(
            SumAggregate,
            null,
            (sums, histogram) =>
            {
                sums ??= [];
                AddTo(histogram, sums);
                return sums;
            },
            sums => Encode(sums ?? []),
            isDeterministic: true);
        connection.CreateAggregate<long, long, Dictionary<int, long>?, byte[]>(
            OfAggregate,
            null,
            (sums, bucket, count) =>
            {
                sums ??= [];
                CollectionsMarshal.GetValueRefOrAddDefault(sums, checked((int)bucket), out _) += count;
                return sums;
            },
            sums => Encode(sums ?? []),
            isDeterministic: true);
    }

    /// <summary>The bucket after <paramref name="bucket"/> and its count; <see cref="int.MaxValue"/> past the end.</summary>
    private static (int Bucket, long Count) Next(ReadOnlySpan<byte> histogram, ref int position, int bucket) =>
        position < histogram.Length ? (bucket + (int)Read7Bit(histogram, ref position), (long)Read7Bit(histogram, ref position)) : (int.MaxValue, 0);

    private static void Append(ArrayBufferWriter<byte> into, int gap, long count)
    {
        var span = into.GetSpan(20);
        var length = Write7Bit(span, (uint)gap);
        length += Write7Bit(span[length..], (ulong)count);
        into.Advance(length);
    }

    /// <summary>Seven bits a byte, lowest first, the high bit set on every byte but the last.</summary>
    private static int Write7Bit(Span<byte> into, ulong value)
    {
        var length = 0;
        for (; value >= 0x80; value >>= 7)
        {
            into[length++] = (byte)(value | 0x80);
        }

        into[length++] = (byte)value;
        return length;
    }

    private static ulong Read7Bit(ReadOnlySpan<byte> from, ref int position)
    {
        var value = 0UL;
        for (var shift = 0; ; shift += 7)
        {
            var next = from[position++];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }
    }
}
