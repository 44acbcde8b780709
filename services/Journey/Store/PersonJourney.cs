using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>One person's whole story as an advisor reads it: the person, every interaction in the journey's order, their classifications.</summary>
public sealed record PersonJourney(
    StoredPerson Person,
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<InteractionClassification> Classifications);
