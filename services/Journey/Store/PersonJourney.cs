using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;

namespace Omnichannel.Journey.Store;

/// <summary>One person's whole story as an advisor reads it: the person, every interaction in the journey's order, their classifications.</summary>
public sealed record PersonJourney(
    StoredPerson Person,
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<InteractionClassification> Classifications)
{
    /// <summary>The people merged into this one (DOMAIN §2: they redirect here), directly or through another survivor.</summary>
    public IReadOnlyList<string> MergedPersonIds { get; init; } = [];

    /// <summary>
    /// A stored person's journey as every store reads it: the interactions put in the journey's order (the
    /// total order of DOMAIN §3) and classified now. Classifications follow from the journey alone, so no
    /// store keeps them: rewriting every classification of a person at each new interaction made a write
    /// grow with the journey.
    /// </summary>
    public static PersonJourney Read(StoredPerson person, List<Interaction> interactions, IReadOnlyList<string> mergedPersonIds, JourneyClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(classifier);
        var journey = person.Snapshot.Journey;
        var position = new Dictionary<InteractionKey, int>(journey.Count);
        for (var i = 0; i < journey.Count; i++)
        {
            position[journey[i].Key] = i;
        }

        interactions.Sort((a, b) => position.GetValueOrDefault(a.Key, int.MaxValue).CompareTo(position.GetValueOrDefault(b.Key, int.MaxValue)));
        var classifications = classifier.Classify([.. journey]).OfType<InteractionClassification>().ToList();
        return new PersonJourney(person, interactions, classifications) { MergedPersonIds = mergedPersonIds };
    }
}
