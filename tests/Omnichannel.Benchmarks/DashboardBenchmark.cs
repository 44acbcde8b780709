using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;
using Omnichannel.Metrics.Store;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// What a manager's dashboard costs: the metrics roll-ups fed with the reclassifications of a synthetic
/// stream (the journey engine's, as the journey service publishes them), then summaries over 90 days,
/// unfiltered and filtered, timed, against a one-day summary in the same run.
/// </summary>
public static class DashboardBenchmark
{
    private const int Queries = 200;

    public static async Task RunAsync(TextWriter output, int interactions)
    {
        var folder = Directory.CreateTempSubdirectory("omnichannel-dashboard-").FullName;
        try
        {
            var calendar = MetricsCalculator.Paris;
            var store = new SqliteMetricsStore(Path.Combine(folder, "metrics.db"), calendar);
            await store.InitializeAsync(CancellationToken.None);
            var stream = SyntheticStream.Generate(interactions / 10, interactions);
            var engine = new JourneyEngine();
            var clock = Stopwatch.StartNew();
            foreach (var chunk in stream.Chunk(1_000))
            {
                await store.ApplyAsync([.. chunk.Select(engine.Apply).Select(r => new ContactsReclassified { PersonId = r.PersonId, Cause = r.Interaction, Changes = r.Changes })], CancellationToken.None);
            }

            output.WriteLine($"rolled up {stream.Count:N0} interactions in {clock.Elapsed.TotalSeconds:F0} s; file {new FileInfo(Path.Combine(folder, "metrics.db")).Length / 1e6:N0} MB");
            var first = calendar.DayOf(stream.Min(i => i.OccurredAt));
            var asOf = stream.Max(i => i.OccurredAt);
            var period = new MetricsQuery { From = first, To = first.AddDays(89), AsOf = asOf };
            var day = period with { From = first.AddDays(30), To = first.AddDays(30) };
            var shapes = new (string Name, MetricsQuery Query)[]
            {
                ("one day (baseline)", day),
                ("90 days", period),
                ("90 days, channel phone", period with { Channel = Channel.Phone }),
                ("90 days, motive income-tax", period with { Motive = "income-tax" }),
                ("90 days, service SIP 7", period with { Service = "SIP 7" }),
                ("90 days, motive and service", period with { Motive = "income-tax", Service = "SIP 7" }),
                ("90 days, channel, motive, service", period with { Channel = Channel.Phone, Motive = "income-tax", Service = "SIP 7" }),
            };
            foreach (var (_, query) in shapes)
            {
                await store.SummarizeAsync(query, CancellationToken.None);
            }

            var medians = new Dictionary<string, (double P50, double P99)>();
            foreach (var (name, query) in shapes)
            {
                var times = new List<double>(Queries);
                for (var i = 0; i < Queries; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await store.SummarizeAsync(query, CancellationToken.None);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                medians[name] = P50AndP99(times);
            }

            var baseline = medians[shapes[0].Name].P50;
            output.WriteLine($"{Queries} summaries of each shape, over {stream.Count:N0} interactions:");
            foreach (var (name, (p50, p99)) in medians)
            {
                output.WriteLine($"  {name,-34} p50 {p50,7:F2} ms, p99 {p99,7:F2} ms, ratio p50 {p50 / baseline,5:F1}");
            }

            // The rest of the page's reads, one after another (the page asks them at once): the services table,
            // the motives chart, the time series and the channel switches, for every shape over the 90 days.
            output.WriteLine($"{Queries / 4} loads of the page's other reads, p50 (p99), ms:");
            Func<MetricsQuery, Task>[] reads =
            [
                q => store.ServicesAsync(q, CancellationToken.None),
                q => store.MotivesAsync(q, CancellationToken.None),
                q => store.TimeseriesAsync(q, CancellationToken.None),
                q => store.ChannelSwitchesAsync(q, CancellationToken.None),
            ];
            string[] names = ["services", "motives", "timeseries", "channel-switches"];
            foreach (var (name, query) in shapes.Skip(1))
            {
                var line = new List<string>();
                for (var r = 0; r < reads.Length; r++)
                {
                    await reads[r](query);
                    var times = new List<double>(Queries / 4);
                    for (var i = 0; i < Queries / 4; i++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await reads[r](query);
                        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    var (p50, p99) = P50AndP99(times);
                    line.Add($"{names[r]} {p50:F1} ({p99:F1})");
                }

                output.WriteLine($"  {name,-34} {string.Join(", ", line)}");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            // OMNICHANNEL_DASHBOARD_KEEP=1 keeps the roll-ups for a look inside (sqlite3, EXPLAIN QUERY PLAN).
            if (Environment.GetEnvironmentVariable("OMNICHANNEL_DASHBOARD_KEEP") == "1")
            {
                output.WriteLine($"kept {folder}");
            }
            else
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The median and the 99th percentile (nearest rank) of timings, sorted in place.</summary>
    private static (double P50, double P99) P50AndP99(List<double> times)
    {
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(0.99 * times.Count) - 1]);
    }
}
