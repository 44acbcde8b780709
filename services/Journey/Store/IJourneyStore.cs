using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The journey store as the journey service needs it. The domain decides (the engine, on the people
/// loaded); the store persists, and refuses a write that lost a race with <see cref="ConcurrentChangeException"/>.
/// </summary>
public interface IJourneyStore
{
    /// <summary>Creates the schema and indexes, or migrates them, at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>What recording this interaction published, if it is recorded; null when it is not.</summary>
    Task<ContactsReclassified?> FindRecordedAsync(InteractionKey interaction, CancellationToken cancellationToken);

    /// <summary>The current owners of these identifiers (each once, merged people followed to their survivor).</summary>
    Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken);

    /// <summary>A person by id, following merges.</summary>
    Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken);

    /// <summary>A person's whole journey by id, following merges.</summary>
    Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the change at once or not at all. A person the change created gets its creation sequence
    /// here, after every person stored before ("created first" across every writer): the engine gave it
    /// a provisional one above all it loaded, which decided the same.
    /// </summary>
    /// <exception cref="ConcurrentChangeException">Another writer got there first.</exception>
    Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken);
}
