using System.Diagnostics;
using Omnichannel.Domain.Engine;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// Bytes the engine holds per person once the whole stream is applied (live heap after a full
/// collection, the stream itself excluded), and a plain stopwatch rate as a cross-check of the benchmark.
/// </summary>
public static class Footprint
{
    public static void Run(TextWriter output)
    {
        var stream = SyntheticStream.Generate(EngineBenchmarks.People, EngineBenchmarks.Interactions);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (gen0, gen1, gen2, pauses, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));
        var clock = Stopwatch.StartNew();
        var engine = new JourneyEngine();
        var merges = 0;
        var changes = 0;
        foreach (var interaction in stream)
        {
            var result = engine.Apply(interaction);
            merges += result.Absorbed.Count;
            changes += result.Changes.Count;
        }

        clock.Stop();
        var gcs = $"GC while applying: gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, " +
            $"paused {(GC.GetTotalPauseDuration() - pauses).TotalSeconds:F2} s, allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)stream.Count:N0} bytes per interaction";
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var people = engine.People.Count;
        var contacts = engine.CurrentClassifications().Values.Count(c => c.Kind is not null);
        var reiterations = engine.CurrentClassifications().Values.Count(c => c.Kind == Contracts.ContactKind.Reiteration);
        var crossChannel = engine.CurrentClassifications().Values.Count(c => c.CrossChannel);
        output.WriteLine($"interactions {stream.Count:N0}, people {people:N0}, merges {merges:N0}, classification changes {changes:N0}");
        output.WriteLine($"contacts {contacts:N0}, reiterations {reiterations:N0}, cross-channel {crossChannel:N0}");
        output.WriteLine($"identifiers per person {engine.People.Average(p => p.Identifiers.Count):F2}");
        output.WriteLine($"applied in {clock.Elapsed.TotalSeconds:F2} s: {stream.Count / clock.Elapsed.TotalSeconds:N0} interactions/s (single run, see the benchmark for medians)");
        output.WriteLine(gcs);
        foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
        {
            var info = GC.GetGCMemoryInfo(kind);
            output.WriteLine($"last {kind} gc#{info.Index} gen{info.Generation}: pause {string.Join("/", info.PauseDurations.ToArray().Select(p => p.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms, promoted {info.PromotedBytes / 1e6:F0} MB, heap {info.HeapSizeBytes / 1e6:F0} MB, compacted {info.Compacted}");
        }
        output.WriteLine($"engine holds {(after - before) / (double)people:N0} bytes per person ({(after - before) / 1024.0 / 1024.0:N0} MiB)");
        GC.KeepAlive(stream);
        GC.KeepAlive(engine);
    }
}
