using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>The journey service's store-bound rate, without a bus: interactions stitched into a fresh SQLite file, as many at a time as the consumer runs.</summary>
public static class StitchThroughput
{
    public static async Task RunAsync(TextWriter output, int count, int concurrency, int batch = 1, int citizens = 0)
    {
        var folder = Directory.CreateTempSubdirectory("omnichannel-stitch-").FullName;
        try
        {
            var store = new SqliteJourneyStore(Path.Combine(folder, "journeys.db"), new JourneyClassifier(ReiterationWindows.Standard));
            await store.InitializeAsync(CancellationToken.None);
            var stitcher = new JourneyStitcher(store, new JourneyClassifier(ReiterationWindows.Standard));
            var stream = SyntheticStream.Generate(citizens > 0 ? citizens : count / 10, count);
            // Warm the code paths first (the JIT's optimized tier), on other citizens, untimed.
            foreach (var chunk in SyntheticStream.Generate(500, 5_000, seed: 7).Select(i => i with { Id = $"warm-{i.Id}", Identifiers = [.. i.Identifiers.Select(d => d with { Value = $"{d.Value}9" })] }).Chunk(Math.Max(1, batch)))
            {
                await stitcher.StitchAsync(chunk, CancellationToken.None);
            }

            var clock = Stopwatch.StartNew();
            if (batch > 1)
            {
                var timings = new List<double>();
                foreach (var chunk in stream.Chunk(batch))
                {
                    var started = Stopwatch.GetTimestamp();
                    await stitcher.StitchAsync(chunk, CancellationToken.None);
                    timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                timings.Sort();
                output.WriteLine($"stitched {stream.Count:N0} interactions in batches of {batch}, one batch at a time, in {clock.Elapsed.TotalSeconds:F1} s: {stream.Count / clock.Elapsed.TotalSeconds:N0}/s (batch p50 {timings[timings.Count / 2]:F1} ms)");
                return;
            }

            var conflicts = await StitchAllAsync(stitcher, stream, concurrency);

            output.WriteLine($"stitched {stream.Count:N0} interactions, {concurrency} at a time, in {clock.Elapsed.TotalSeconds:F1} s: {stream.Count / clock.Elapsed.TotalSeconds:N0}/s ({conflicts} lost races retried)");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Stitches the stream, <paramref name="concurrency"/> at a time, applying again after a lost race as the consumer does; returns the races lost.</summary>
    public static async Task<int> StitchAllAsync(JourneyStitcher stitcher, IReadOnlyList<Interaction> stream, int concurrency)
    {
        var next = -1;
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < stream.Count)
            {
                while (true)
                {
                    try
                    {
                        await stitcher.StitchAsync(stream[i], CancellationToken.None);
                        break;
                    }
                    catch (ConcurrentChangeException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }));
        return conflicts;
    }
}
