using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;
using Omnichannel.Metrics.Store;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// The metrics service's store-bound rate, without a bus: the reclassifications of a synthetic stream (made
/// by one in-memory engine beforehand) applied to a fresh SQLite file in batches, as the consumer does.
/// </summary>
public static class RollUpThroughput
{
    public static async Task RunAsync(TextWriter output, int count, int batch)
    {
        var engine = new JourneyEngine(new JourneyClassifier(ReiterationWindows.Standard));
        var messages = SyntheticStream.Generate(count / 10, count)
            .Select(i => (Interaction: i, Result: engine.Apply(i)))
            .Select(r => new ContactsReclassified { PersonId = r.Result.PersonId, Cause = r.Interaction.Key, Changes = r.Result.Changes })
            .ToList();
        var folder = Directory.CreateTempSubdirectory("omnichannel-rollup-").FullName;
        try
        {
            var store = new SqliteMetricsStore(Path.Combine(folder, "metrics.db"), MetricsCalculator.Paris);
            await store.InitializeAsync(CancellationToken.None);
            var timings = new List<double>();
            var clock = Stopwatch.StartNew();
            foreach (var chunk in messages.Chunk(batch))
            {
                var started = Stopwatch.GetTimestamp();
                await store.ApplyAsync(chunk, CancellationToken.None);
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            timings.Sort();
            var changes = messages.Sum(m => m.Changes.Count);
            output.WriteLine($"rolled up {messages.Count:N0} reclassifications ({changes:N0} changes) in batches of {batch} in {clock.Elapsed.TotalSeconds:F1} s: {messages.Count / clock.Elapsed.TotalSeconds:N0}/s (batch p50 {timings[timings.Count / 2]:F1} ms)");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
