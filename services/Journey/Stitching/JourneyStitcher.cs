using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;
using Omnichannel.Journey.Engine;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Applies one interaction through the store: load the people its identifiers belong to into a fresh
/// engine, apply, write the result back in one write that expects every version it loaded. A write that
/// lost a race throws <see cref="ConcurrentChangeException"/>: applying again from a new load decides
/// exactly as one engine would have (see the working-set property of the engine).
/// </summary>
public sealed class JourneyStitcher(IJourneyStore store, JourneyClassifier classifier)
{
    /// <summary>The creation sequence of a person created by this change until the store assigns the real one.</summary>
    public const long ProvisionalSequence = long.MaxValue;

    /// <summary>Records the interaction, or finds it recorded, and returns the reclassification it caused.</summary>
    /// <exception cref="ConcurrentChangeException">Another writer changed what this one loaded: apply again.</exception>
    public async Task<StitchOutcome> StitchAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Identifiers.Count == 0)
        {
            throw new ArgumentException($"Interaction {interaction.Key} has no identifier.", nameof(interaction));
        }

        if (await store.FindRecordedAsync(interaction.Key, cancellationToken) is { } recorded)
        {
            return new StitchOutcome(Recorded: false, recorded);
        }

        var owners = await store.LoadOwnersAsync(interaction.Identifiers, cancellationToken);
        // A person created now is created after everyone loaded: the store gives it its real sequence.
        var engine = new JourneyEngine(classifier, () => ProvisionalSequence);
        foreach (var owner in owners)
        {
            engine.Load(owner.Snapshot);
        }

        var result = engine.Apply(interaction);
        if (result.Status == ApplyStatus.Duplicate)
        {
            throw new ConcurrentChangeException($"interaction {interaction.Key} was recorded by another writer meanwhile");
        }

        var person = engine.FindPerson(result.PersonId)!;
        var loaded = owners.ToDictionary(o => o.Snapshot.Id, StringComparer.Ordinal);
        var reclassified = new ContactsReclassified { PersonId = person.Id, Cause = interaction.Key, Changes = result.Changes };
        await store.SaveAsync(new JourneyWrite(
            interaction,
            JourneyEngine.Snapshot(person),
            loaded.GetValueOrDefault(person.Id)?.Version,
            [.. result.Absorbed.Where(loaded.ContainsKey).Select(id => new StoredPersonVersion(id, loaded[id].Version))],
            [.. TouchedOthers(engine, owners, person, result)],
            [.. engine.Classify(person).OfType<InteractionClassification>()],
            reclassified), cancellationToken);
        return new StitchOutcome(Recorded: true, reclassified);
    }

    /// <summary>Loaded people that kept their identity but received a conflict notice (a refused merge).</summary>
    private static IEnumerable<StoredPerson> TouchedOthers(JourneyEngine engine, IReadOnlyList<StoredPerson> owners, Person person, ApplyResult result)
    {
        foreach (var owner in owners)
        {
            if (owner.Snapshot.Id == person.Id || result.Absorbed.Contains(owner.Snapshot.Id))
            {
                continue;
            }

            var now = engine.FindPerson(owner.Snapshot.Id)!;
            if (now.Conflicts.Count != owner.Snapshot.Conflicts.Count)
            {
                yield return new StoredPerson(JourneyEngine.Snapshot(now), owner.Version);
            }
        }
    }
}
