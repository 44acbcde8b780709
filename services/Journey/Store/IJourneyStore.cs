using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The journey store as the journey service needs it. The domain decides (the engine, on the people
/// loaded); the store persists, and refuses a write that lost a race with <see cref="ConcurrentChangeException"/>.
/// </summary>
public interface IJourneyStore
{
    /// <summary>Creates the schema, or checks it, at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<bool> IsRecordedAsync(InteractionKey interaction, CancellationToken cancellationToken);

    /// <summary>The current owners of these identifiers (each once, merged people followed to their survivor).</summary>
    Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken);

    /// <summary>A person by id, following merges.</summary>
    Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken);

    /// <summary>The next creation sequence: "created first" across every writer.</summary>
    Task<long> NextCreationSequenceAsync(CancellationToken cancellationToken);

    /// <exception cref="ConcurrentChangeException">Another writer got there first.</exception>
    Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken);
}
