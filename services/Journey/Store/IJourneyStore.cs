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

    /// <summary>Of these interactions, the ones recorded, with what recording each published.</summary>
    Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken);

    /// <summary>The current owners of these identifiers (each once, merged people followed to their survivor).</summary>
    Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken);

    /// <summary>A person by id, following merges.</summary>
    Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken);

    /// <summary>A person's whole journey by id, following merges.</summary>
    Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the change, in two steps. The task completes once the finds and loads of this process see
    /// the change (a store that queues writes: as soon as it is queued; otherwise once it is written);
    /// the task it gives completes once the change is committed, or fails with
    /// <see cref="ConcurrentChangeException"/> when another writer got there first, and then every later
    /// write of this process that loaded what this one wrote fails the same way. A person the change
    /// created gets its creation sequence when it is committed, after every person committed before
    /// ("created first" across every writer), in the order of the provisional sequences the engine gave,
    /// which are above all it loaded and so decided the same.
    /// </summary>
    Task<Task> WriteAsync(JourneyWrite write, CancellationToken cancellationToken);
}

public static class JourneyStoreExtensions
{
    /// <summary>Writes the change and waits until it is committed (see <see cref="IJourneyStore.WriteAsync"/>).</summary>
    /// <exception cref="ConcurrentChangeException">Another writer got there first.</exception>
    public static async Task SaveAsync(this IJourneyStore store, JourneyWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await await store.WriteAsync(write, cancellationToken);
    }
}
