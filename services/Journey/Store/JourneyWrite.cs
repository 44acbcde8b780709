using Omnichannel.Contracts;
using Omnichannel.Journey.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>
/// What applying one interaction changes in the store, written at once or not at all: the interaction
/// recorded, the resulting person (new, or at the version it was loaded at), the people it absorbed
/// (each at its loaded version) now redirecting to it.
/// </summary>
/// <param name="Interaction">The interaction applied; recorded once (its key is unique).</param>
/// <param name="Person">The person after the change.</param>
/// <param name="ExpectedVersion">The person's version when loaded; null when the change created it.</param>
/// <param name="Absorbed">The people merged into it, with the versions they were loaded at.</param>
public sealed record JourneyWrite(
    InteractionKey Interaction,
    PersonSnapshot Person,
    long? ExpectedVersion,
    IReadOnlyList<StoredPersonVersion> Absorbed);
