using CsCheck;
using Microsoft.Data.Sqlite;
using Omnichannel.Metrics.Store;
using Xunit;

namespace Omnichannel.Metrics.Tests;

/// <summary>A histogram kept as one value: what it holds, how two add up, in C# and in SQL.</summary>
public sealed class HistogramBlobTests
{
    private static readonly Gen<KeyValuePair<int, long>[]> Buckets =
        Gen.Select(Gen.Int[0, 2_500], Gen.Long[-3, 1_000_000], (bucket, count) => new KeyValuePair<int, long>(bucket, count)).Array[0, 60];

    private static Dictionary<int, long> Sums(IEnumerable<KeyValuePair<int, long>> buckets) =>
        buckets.GroupBy(b => b.Key).Select(g => (g.Key, Sum: g.Sum(b => b.Value))).Where(b => b.Sum != 0).ToDictionary(b => b.Key, b => b.Sum);

    [Fact]
    public void A_histogram_holds_each_bucket_sum_that_is_not_zero_in_increasing_order() =>
        Buckets.Sample(buckets =>
        {
            var encoded = HistogramBlob.Encode(buckets);
            Assert.Equal([.. Sums(buckets).OrderBy(b => b.Key).Select(b => (b.Key, b.Value))], HistogramBlob.Decode(encoded));

            // The format it documents: gaps and counts as BinaryWriter writes 7-bit encoded numbers.
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
            {
                var previous = 0;
                foreach (var (bucket, count) in Sums(buckets).OrderBy(b => b.Key))
                {
                    writer.Write7BitEncodedInt64(bucket - previous);
                    writer.Write7BitEncodedInt64(count);
                    previous = bucket;
                }
            }

            Assert.Equal(stream.ToArray(), encoded);
        });

    [Fact]
    public void Two_histograms_add_up_to_the_histogram_of_both_in_either_order() =>
        Gen.Select(Buckets, Buckets).Sample((left, right) =>
        {
            var both = HistogramBlob.Encode([.. left, .. right]);
            Assert.Equal(both, HistogramBlob.Add(HistogramBlob.Encode(left), HistogramBlob.Encode(right)));
            Assert.Equal(both, HistogramBlob.Add(HistogramBlob.Encode(right), HistogramBlob.Encode(left)));
        });

    [Fact]
    public void What_is_taken_back_leaves_an_empty_histogram_and_percentiles_read_only_positive_buckets()
    {
        var added = HistogramBlob.Encode([new(7, 2), new(9, 1)]);
        var takenBack = HistogramBlob.Add(added, HistogramBlob.Encode([new(7, -2), new(9, -1)]));
        Assert.Empty(takenBack);

        var sums = new Dictionary<int, long>();
        HistogramBlob.AddTo(HistogramBlob.Encode([new(3, -1), new(5, 4)]), sums);
        Assert.Equal([(5, 4L)], HistogramBlob.Positive(sums));
    }

    [Fact]
    public async Task In_SQL_an_upsert_adds_the_histograms_and_the_aggregates_sum_them_as_CSharp_does()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        HistogramBlob.Register(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE h (k INTEGER PRIMARY KEY, h BLOB NOT NULL);
            INSERT INTO h VALUES (1, $a) ON CONFLICT DO UPDATE SET h = {HistogramBlob.AddFunction}(h, excluded.h);
            INSERT INTO h VALUES (1, $b) ON CONFLICT DO UPDATE SET h = {HistogramBlob.AddFunction}(h, excluded.h);
            INSERT INTO h VALUES (2, $c) ON CONFLICT DO UPDATE SET h = {HistogramBlob.AddFunction}(h, excluded.h);
            CREATE TABLE rows (bucket INTEGER, n INTEGER);
            INSERT INTO rows VALUES (4, 1), (900, 5), (4, 2);
            SELECT (SELECT h FROM h WHERE k = 1), (SELECT {HistogramBlob.SumAggregate}(h) FROM h), (SELECT {HistogramBlob.OfAggregate}(bucket, n) FROM rows);
            """;
        byte[] a = HistogramBlob.Encode([new(4, 1), new(50, 3)]), b = HistogramBlob.Encode([new(50, -3), new(51, 1)]), c = HistogramBlob.Encode([new(4, 2)]);
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        command.Parameters.AddWithValue("$c", c);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal([(4, 1L), (51, 1L)], HistogramBlob.Decode(reader.GetFieldValue<byte[]>(0)));
        Assert.Equal([(4, 3L), (51, 1L)], HistogramBlob.Decode(reader.GetFieldValue<byte[]>(1)));
        Assert.Equal([(4, 3L), (900, 5L)], HistogramBlob.Decode(reader.GetFieldValue<byte[]>(2)));
    }
}
