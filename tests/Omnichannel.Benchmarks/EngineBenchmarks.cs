using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// The journey engine on 1M interactions for 200k citizens, on one core. The baseline only indexes each
/// interaction and its identifiers in hash tables: the floor any stitching engine pays.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class EngineBenchmarks
{
    public const int Interactions = 1_000_000;
    public const int People = 200_000;

    private List<Interaction> _stream = [];

    [GlobalSetup]
    public void Setup() => _stream = SyntheticStream.Generate(People, Interactions);

    [Benchmark(Baseline = true, OperationsPerInvoke = Interactions)]
    public int IndexOnly()
    {
        var byKey = new Dictionary<InteractionKey, Interaction>(Interactions);
        var byIdentifier = new Dictionary<Identifier, InteractionKey>();
        foreach (var interaction in _stream)
        {
            byKey[interaction.Key] = interaction;
            foreach (var identifier in interaction.Identifiers)
            {
                byIdentifier.TryAdd(identifier, interaction.Key);
            }
        }

        return byKey.Count + byIdentifier.Count;
    }

    [Benchmark(OperationsPerInvoke = Interactions)]
    public int Engine()
    {
        var engine = new JourneyEngine();
        foreach (var interaction in _stream)
        {
            engine.Apply(interaction);
        }

        return engine.People.Count;
    }
}
