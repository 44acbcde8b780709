using Omnichannel.Contracts;
using Omnichannel.Journey.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>
/// What applying one interaction changes in the store, written at once or not at all: the interaction
/// recorded, the resulting person (new, or at the version it was loaded at), the people it absorbed
/// (each at its loaded version) now redirecting to it, the people a refused merge touched, and the
/// reclassification to publish (kept with the interaction, so that a redelivery publishes it again).
/// </summary>
/// <param name="Interaction">The interaction applied; recorded once (its key is unique).</param>
/// <param name="Person">The person after the change.</param>
/// <param name="ExpectedVersion">The person's version when loaded; null when the change created it.</param>
/// <param name="Absorbed">The people merged into it, with the versions they were loaded at.</param>
/// <param name="Others">Loaded people the change touched without merging them (a refused merge recorded on them), after the change, with the versions they were loaded at.</param>
/// <param name="Classifications">Every classification of <paramref name="Person"/>'s journey after the change.</param>
/// <param name="Reclassified">Old -> new for every classification the change moved.</param>
public sealed record JourneyWrite(
    Interaction Interaction,
    PersonSnapshot Person,
    long? ExpectedVersion,
    IReadOnlyList<StoredPersonVersion> Absorbed,
    IReadOnlyList<StoredPerson> Others,
    IReadOnlyList<InteractionClassification> Classifications,
    ContactsReclassified Reclassified);
