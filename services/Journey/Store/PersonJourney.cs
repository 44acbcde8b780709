using Omnichannel.Contracts;
using Omnichannel.Journey.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>One person's whole story as an advisor reads it: the person, every interaction in the journey's order, their classifications.</summary>
public sealed record PersonJourney(
    StoredPerson Person,
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<InteractionClassification> Classifications)
{
    /// <summary>The people merged into this one (DOMAIN §2: they redirect here), directly or through another survivor.</summary>
    public IReadOnlyList<string> MergedPersonIds { get; init; } = [];

    /// <summary>The interactions in the order of the person's journey (the total order of DOMAIN §3).</summary>
    internal static List<Interaction> InJourneyOrder(PersonSnapshot person, List<Interaction> interactions)
    {
        var position = new Dictionary<InteractionKey, int>(person.Journey.Count);
        for (var i = 0; i < person.Journey.Count; i++)
        {
            position[person.Journey[i].Key] = i;
        }

        interactions.Sort((a, b) => position.GetValueOrDefault(a.Key, int.MaxValue).CompareTo(position.GetValueOrDefault(b.Key, int.MaxValue)));
        return interactions;
    }
}
