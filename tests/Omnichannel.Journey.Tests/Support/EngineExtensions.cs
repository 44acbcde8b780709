using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;

namespace Omnichannel.Journey.Tests.Support;

internal static class EngineExtensions
{
    public static List<ApplyResult> ApplyAll(this JourneyEngine engine, IEnumerable<Interaction> interactions) =>
        interactions.Select(engine.Apply).ToList();

    public static InteractionClassification Classification(this JourneyEngine engine, string id) =>
        engine.CurrentClassifications()[Journeys.Key(id)];

    /// <summary>The people as sets of interaction keys, in a canonical order, to compare partitions.</summary>
    public static List<string> Partition(this JourneyEngine engine) =>
        engine.People
            .Select(p => string.Join(",", p.Entries.Select(e => e.Key.ToString()).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
}
