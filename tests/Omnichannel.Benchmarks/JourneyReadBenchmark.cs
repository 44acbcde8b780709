using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Omnichannel.Domain.Classification;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// What an advisor's screen costs at scale: a SQLite journey store filled through the stitcher with a
/// realistic stream, then one person's whole journey (person, interactions, classifications) read for
/// random citizens, against reading the person alone (one row) in the same run.
/// </summary>
public static class JourneyReadBenchmark
{
    private const int Reads = 20_000;

    public static async Task RunAsync(TextWriter output, int interactions)
    {
        var folder = Directory.CreateTempSubdirectory("omnichannel-read-").FullName;
        try
        {
            var store = new SqliteJourneyStore(Path.Combine(folder, "journeys.db"), new JourneyClassifier(ReiterationWindows.Standard));
            await store.InitializeAsync(CancellationToken.None);
            var stitcher = new JourneyStitcher(store, new JourneyClassifier(ReiterationWindows.Standard));
            var stream = SyntheticStream.Generate(interactions / 10, interactions);
            var clock = Stopwatch.StartNew();
            await StitchThroughput.StitchAllAsync(stitcher, stream, 32);
            output.WriteLine($"stored {stream.Count:N0} interactions in {clock.Elapsed.TotalSeconds:F0} s ({stream.Count / clock.Elapsed.TotalSeconds:N0}/s, 32 at a time); file {new FileInfo(Path.Combine(folder, "journeys.db")).Length / 1e6:N0} MB");

            // Read as a portal process does: its own store, holding nobody in memory (the worst case).
            await store.DisposeAsync();
            store = new SqliteJourneyStore(Path.Combine(folder, "journeys.db"), new JourneyClassifier(ReiterationWindows.Standard), cachedPeople: 0);
            var random = new Random(3);
            var people = new List<string>(Reads);
            while (people.Count < Reads)
            {
                var interaction = stream[random.Next(stream.Count)];
                people.Add((await store.LoadOwnersAsync([interaction.Identifiers[0]], CancellationToken.None))[0].Snapshot.Id);
            }

            // Warm, then alternate: the person alone (its row and journey entries) and the whole journey, for the same people.
            foreach (var id in people.Take(1_000))
            {
                await store.LoadJourneyAsync(id, CancellationToken.None);
            }

            var person = new List<double>(Reads);
            var journey = new List<double>(Reads);
            var entries = 0L;
            foreach (var id in people)
            {
                var started = Stopwatch.GetTimestamp();
                await store.LoadPersonAsync(id, CancellationToken.None);
                person.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                started = Stopwatch.GetTimestamp();
                var read = await store.LoadJourneyAsync(id, CancellationToken.None);
                journey.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                entries += read!.Interactions.Count;
            }

            person.Sort();
            journey.Sort();
            output.WriteLine($"{Reads:N0} reads of random citizens' journeys ({entries / (double)Reads:F1} interactions each on average):");
            output.WriteLine($"  person alone (row and journey entries): p50 {Percentile(person, 0.50):F2} ms, p99 {Percentile(person, 0.99):F2} ms");
            output.WriteLine($"  whole journey (person, interactions, classifications): p50 {Percentile(journey, 0.50):F2} ms, p99 {Percentile(journey, 0.99):F2} ms, ratio p99 {Percentile(journey, 0.99) / Percentile(person, 0.99):F1}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, double rank) =>
        sorted[Math.Clamp((int)Math.Ceiling(rank * sorted.Count) - 1, 0, sorted.Count - 1)];
}
