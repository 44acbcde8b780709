using Microsoft.Extensions.ObjectPool;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Identity;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// Applies interactions through the store: load the people their identifiers belong to into a fresh
/// engine, apply them in order, write the result back in one write that expects every version it loaded.
/// A write that lost a race throws <see cref="ConcurrentChangeException"/>: applying again from a new load
/// decides exactly as one engine would have (see the working-set property of the engine).
/// </summary>
public sealed class JourneyStitcher(
    IJourneyStore store, JourneyClassifier classifier, int sharedAfterPeople = JourneyEngine.DefaultSharedAfterPeople,
    Retention.RetentionOptions? retention = null, TimeProvider? time = null, byte[]? erasureKey = null)
{
    /// <summary>The name under which the store keeps the erasure key it made, when none is configured.</summary>
    public const string ErasureKeyName = "erasure-key";

    private readonly Retention.RetentionOptions _retention = retention ?? new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private Erasure.Tombstones? _tombstones;

    /// <summary>
    /// The creation sequences of people created by a change start here until the store assigns the real
    /// ones: above every stored person, so that the engine decides as it will with the real ones.
    /// </summary>
    public const long ProvisionalSequence = long.MaxValue / 2;

    /// <summary>The batches of this process, stitched one at a time (two would race for the same people).</summary>
    private readonly SemaphoreSlim _batches = new(1, 1);

    /// <summary>Engines cleared after each use: a batch loads thousands of entries, and growing a new engine's tables each time is most of what the process allocates.</summary>
    private readonly DefaultObjectPool<Workspace> _workspaces = new(new WorkspacePolicy(classifier, sharedAfterPeople));

    /// <summary>Records one interaction, or finds it recorded, and returns the reclassification it caused.</summary>
    /// <exception cref="ConcurrentChangeException">Another writer changed what this one loaded: apply again.</exception>
    public async Task<StitchOutcome> StitchAsync(Interaction interaction, CancellationToken cancellationToken) =>
        (await StitchAsync([interaction], cancellationToken))[0];

    /// <summary>
    /// Records interactions (a batch from the bus), or finds them recorded, in one load and one write;
    /// returns, for each in order, the reclassification it caused.
    /// </summary>
    /// <exception cref="ArgumentException">An interaction that cannot be applied (none, or without identifier).</exception>
    /// <exception cref="ConcurrentChangeException">Another writer changed what this one loaded: apply again.</exception>
    public async Task<IReadOnlyList<StitchOutcome>> StitchAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        foreach (var interaction in interactions)
        {
            if (interaction is null || interaction.Identifiers is not { Count: > 0 })
            {
                throw new ArgumentException($"Interaction {interaction?.Key.ToString() ?? "(none)"} has no identifier.", nameof(interactions));
            }
        }

        var outcomes = new Dictionary<InteractionKey, StitchOutcome>();
        foreach (var (key, reclassified) in await store.FindRecordedAsync([.. interactions.Select(i => i.Key).Distinct()], cancellationToken))
        {
            outcomes[key] = new StitchOutcome(Recorded: false, reclassified);
        }

        var todo = interactions.Where(i => !outcomes.ContainsKey(i.Key)).DistinctBy(i => i.Key).ToList();
        if (todo.Count > 0)
        {
            // An interaction of an erased person, or one already past its retention period, is dropped: it would
            // bring the person back, or leave at the next run having changed what stays (docs/domain.md §6).
            var erased = await store.FindTombstonedAsync([.. todo.Select(i => i.Key)], await TombstonesAsync(cancellationToken), cancellationToken);
            var now = _time.GetUtcNow();
            foreach (var dropped in todo.Where(i => erased.Contains(i.Key) || i.OccurredAt < _retention.CutoffFor(i.Channel, now)))
            {
                outcomes[dropped.Key] = new StitchOutcome(Recorded: false, Dropped(dropped.Key));
            }

            todo.RemoveAll(i => outcomes.ContainsKey(i.Key));
        }

        if (todo.Count > 0)
        {
            foreach (var recorded in await ApplyAsync(todo, cancellationToken))
            {
                outcomes[recorded.Interaction.Key] = new StitchOutcome(Recorded: true, recorded.Reclassified);
            }
        }

        // A repeat within the batch is a duplicate of its first occurrence.
        var seen = new HashSet<InteractionKey>();
        return [.. interactions.Select(i => seen.Add(i.Key) ? outcomes[i.Key] : outcomes[i.Key] with { Recorded = false })];
    }

    /// <summary>
    /// A batch from the bus, stitched after the previous batch of this process has been written: what
    /// follows (publishing, acknowledging) overlaps with the next batch, which loads what this one wrote.
    /// </summary>
    /// <exception cref="ConcurrentChangeException">Another writer changed what this one loaded: apply again.</exception>
    public async Task<IReadOnlyList<StitchOutcome>> StitchBatchAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken)
    {
        await _batches.WaitAsync(cancellationToken);
        try
        {
            return await StitchAsync(interactions, cancellationToken);
        }
        finally
        {
            _batches.Release();
        }
    }

    /// <summary>What a dropped interaction or decision publishes: nothing (no change), under no person.</summary>
    private static ContactsReclassified Dropped(InteractionKey cause) => new() { PersonId = "", Cause = cause, Changes = [] };

    /// <summary>
    /// Reads, or makes, the erasure key at start, beside the store's own start: made on a consumer's first batch it
    /// was a write outside the group commit, on the consumer's thread, that a busy file could hold up to its busy
    /// timeout while the host waited to stop (docs/decisions/0012).
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken) => await TombstonesAsync(cancellationToken);

    /// <summary>The keyed hashes of erased keys: with the configured key, else the one the store keeps (made once, shared by every replica).</summary>
    private async Task<Erasure.Tombstones> TombstonesAsync(CancellationToken cancellationToken) =>
        _tombstones ??= new Erasure.Tombstones(erasureKey ?? await store.GetOrCreateSecretAsync(ErasureKeyName, cancellationToken));

    /// <summary>
    /// Erases a person (a data-protection officer's request, docs/domain.md §6): the person an id leads to now,
    /// everyone merged into it, all they hold, with tombstones for what they had recorded. Done once per
    /// erasure id; a person that changed meanwhile is loaded and erased again (<see cref="ConcurrentChangeException"/>).
    /// </summary>
    public async Task<ErasureReport> EraseAsync(ErasePerson request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _batches.WaitAsync(cancellationToken);
        try
        {
            if (await store.FindErasureAsync(request.ErasureId, cancellationToken) is { } done)
            {
                return done;
            }

            var tombstones = await TombstonesAsync(cancellationToken);
            var journey = await store.LoadJourneyAsync(request.PersonId, cancellationToken);
            var erasure = journey is null
                ? new PersonErasure(request.ErasureId, request.PersonId, null, [request.PersonId], [])
                : new PersonErasure(
                    request.ErasureId, journey.Person.Snapshot.Id, journey.Person.Version, [journey.Person.Snapshot.Id, .. journey.MergedPersonIds],
                    [.. journey.Person.Snapshot.Journey.Select(e => e.Key)]);
            return await store.EraseAsync(erasure with
            {
                Tombstones = tombstones, TombstonesUntil = request.RequestedAt + _retention.TombstonePeriod, At = request.RequestedAt,
                RequestedBy = request.RequestedBy, Reason = request.Reason,
            }, cancellationToken);
        }
        finally
        {
            _batches.Release();
        }
    }

    private async Task<IReadOnlyList<RecordedInteraction>> ApplyAsync(List<Interaction> interactions, CancellationToken cancellationToken)
    {
        // Only the identifiers that link can change people: what a declared identifier claims is read, never written.
        var owners = await store.LoadOwnersAsync([.. interactions.SelectMany(i => IdentityLinks.Linking(i.Identifiers, i.Channel)).Distinct()], cancellationToken);
        var workspace = _workspaces.Get();
        try
        {
            return await ApplyAsync(workspace.Engine, owners, interactions, cancellationToken);
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    private async Task<IReadOnlyList<RecordedInteraction>> ApplyAsync(JourneyEngine engine, IReadOnlyList<StoredPerson> owners, List<Interaction> interactions, CancellationToken cancellationToken)
    {
        LoadInto(engine, owners);

        var results = new List<ApplyResult>(interactions.Count);
        foreach (var interaction in interactions)
        {
            var result = engine.Apply(interaction);
            if (result.Status == ApplyStatus.Duplicate)
            {
                throw new ConcurrentChangeException($"interaction {interaction.Key} was recorded by another writer meanwhile");
            }

            results.Add(result);
        }

        var recorded = new List<RecordedInteraction>(interactions.Count);
        for (var i = 0; i < interactions.Count; i++)
        {
            var reclassified = new ContactsReclassified { PersonId = results[i].PersonId, Cause = interactions[i].Key, Changes = results[i].Changes };
            recorded.Add(new RecordedInteraction(interactions[i], engine.FindByInteraction(interactions[i].Key)!.Id, reclassified));
        }

        var (people, absorbed) = Written(engine, owners);
        await store.SaveAsync(new JourneyWrite(recorded, people, absorbed), cancellationToken);
        return recorded;
    }

    /// <summary>
    /// Applies a decision about identities (an advisor's verification, a referent's merge), or finds it
    /// applied, and returns the reclassification it caused. A decision that changes nothing is not recorded.
    /// </summary>
    /// <exception cref="ConcurrentChangeException">Another writer changed what this one loaded: apply again.</exception>
    public async Task<StitchOutcome> DecideAsync(ApplyIdentityDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var valid = decision.Kind switch
        {
            IdentityDecisionKind.Split => decision.Identifiers is { Count: > 0 } && decision.PersonId is not null,
            IdentityDecisionKind.MarkShared => decision.Identifiers is { Count: > 0 },
            IdentityDecisionKind.DismissClaim => decision.Identifiers is { Count: 1 } && decision.PersonId is not null && decision.Interaction is not null,
            IdentityDecisionKind.DismissConflict => decision.Identifiers is { Count: 1 } && decision.PersonId is not null,
            _ => decision.Identifiers is { Count: >= 2 },
        };
        if (!valid)
        {
            throw new ArgumentException($"Decision {decision.DecisionId} names no person to split, no identifier to mark, or links fewer than two identifiers.", nameof(decision));
        }

        await _batches.WaitAsync(cancellationToken);
        var workspace = _workspaces.Get();
        try
        {
            // A decision about an erased person, delivered again, must not bring its identifiers back.
            if ((await store.FindTombstonedAsync([decision.Cause], await TombstonesAsync(cancellationToken), cancellationToken)).Count > 0)
            {
                return new StitchOutcome(Recorded: false, Dropped(decision.Cause));
            }

            return decision.Kind switch
            {
                IdentityDecisionKind.Split => await SplitAsync(decision, cancellationToken),
                IdentityDecisionKind.DismissClaim or IdentityDecisionKind.DismissConflict => await DismissAsync(workspace.Engine, decision, cancellationToken),
                _ => await LinkAsync(workspace.Engine, decision, cancellationToken),
            };
        }
        finally
        {
            _workspaces.Return(workspace);
            _batches.Release();
        }
    }

    /// <summary>A verification or a referent's merge (a verified link), or identifiers marked shared: applied by the engine to the people its identifiers belong to.</summary>
    private async Task<StitchOutcome> LinkAsync(JourneyEngine engine, ApplyIdentityDecision decision, CancellationToken cancellationToken)
    {
        // Loaded first: a load finishes a write that stopped half way (MongoDB), which records its decisions.
        var owners = await store.LoadOwnersAsync([.. decision.Identifiers.Distinct()], cancellationToken);
        if (await store.FindDecisionAsync(decision.DecisionId, cancellationToken) is { } recorded)
        {
            return new StitchOutcome(Recorded: false, recorded);
        }

        if (owners.Count == 0)
        {
            // A decision links or marks people that exist: held by nobody (erased, or expired since), its
            // identifiers must not make a person of their own.
            return new StitchOutcome(Recorded: false, Dropped(decision.Cause));
        }

        LoadInto(engine, owners);
        var result = engine.Decide(decision);
        var reclassified = new ContactsReclassified { PersonId = result.PersonId, Cause = decision.Cause, Changes = result.Changes };
        if (result.Status == ApplyStatus.Duplicate)
        {
            return new StitchOutcome(Recorded: false, reclassified);
        }

        var (people, absorbed) = Written(engine, owners);
        await store.SaveAsync(new JourneyWrite([], people, absorbed) { Decisions = [new RecordedDecision(decision, result.PersonId, reclassified)] }, cancellationToken);
        return new StitchOutcome(Recorded: true, reclassified);
    }

    /// <summary>A referent dismisses a claim or a conflict: a note on the person (and, for a conflict, on the others it names).</summary>
    private async Task<StitchOutcome> DismissAsync(JourneyEngine engine, ApplyIdentityDecision decision, CancellationToken cancellationToken)
    {
        var person = await store.LoadPersonAsync(decision.PersonId!, cancellationToken);
        if (await store.FindDecisionAsync(decision.DecisionId, cancellationToken) is { } recorded)
        {
            return new StitchOutcome(Recorded: false, recorded);
        }

        if (person is null)
        {
            throw new ArgumentException($"Decision {decision.DecisionId}: nobody has person id {decision.PersonId}.", nameof(decision));
        }

        var loaded = new List<StoredPerson> { person };
        if (decision.Kind == IdentityDecisionKind.DismissConflict)
        {
            foreach (var other in person.Snapshot.Conflicts.Where(c => c.Identifier.Equals(decision.Identifiers[0])).SelectMany(c => new[] { c.OwnerId, c.OtherPersonId }).OfType<string>().Distinct())
            {
                if (await store.LoadPersonAsync(other, cancellationToken) is { } found && loaded.TrueForAll(l => l.Snapshot.Id != found.Snapshot.Id))
                {
                    loaded.Add(found);
                }
            }
        }

        LoadInto(engine, loaded);
        var result = engine.Decide(decision);
        var reclassified = new ContactsReclassified { PersonId = result.PersonId, Cause = decision.Cause, Changes = [] };
        if (result.Status == ApplyStatus.Duplicate)
        {
            return new StitchOutcome(Recorded: false, reclassified);
        }

        var (people, absorbed) = Written(engine, loaded);
        await store.SaveAsync(new JourneyWrite([], people, absorbed) { Decisions = [new RecordedDecision(decision, result.PersonId, reclassified)] }, cancellationToken);
        return new StitchOutcome(Recorded: true, reclassified);
    }

    /// <summary>A referent's split: the person's journey applied again with the two sides kept apart (<see cref="PersonSplit"/>).</summary>
    private async Task<StitchOutcome> SplitAsync(ApplyIdentityDecision decision, CancellationToken cancellationToken)
    {
        var journey = await store.LoadJourneyAsync(decision.PersonId!, cancellationToken);
        if (await store.FindDecisionAsync(decision.DecisionId, cancellationToken) is { } recorded)
        {
            return new StitchOutcome(Recorded: false, recorded);
        }

        if (journey is null)
        {
            throw new ArgumentException($"Split {decision.DecisionId}: nobody has person id {decision.PersonId}.", nameof(decision));
        }

        var split = PersonSplit.Apply(classifier, journey.Person.Snapshot, journey.Interactions, decision);
        var kept = split.Kept.Id;
        var reclassified = new ContactsReclassified { PersonId = kept, Cause = decision.Cause, Changes = split.Changes };
        var write = new JourneyWrite(
            [],
            [new PersonWrite(split.Kept, journey.Person.Version, JourneyChanged: true), .. split.Made.Select(p => new PersonWrite(p, null, JourneyChanged: true))],
            [])
        {
            Decisions = [new RecordedDecision(decision, kept, reclassified)],
            Moved = [.. split.Owners.Where(o => o.Value != kept).Select(o => new MovedInteraction(o.Key, kept, o.Value))],
        };
        await store.SaveAsync(write, cancellationToken);
        return new StitchOutcome(Recorded: true, reclassified);
    }

    private static void LoadInto(JourneyEngine engine, IReadOnlyList<StoredPerson> owners)
    {
        foreach (var owner in owners)
        {
            try
            {
                engine.Load(owner.Snapshot);
            }
            catch (InvalidOperationException overlap)
            {
                // People read at different instants (MongoDB reads one document at a time) can both claim an
                // identifier or an interaction that another writer was moving meanwhile: a race, lost, to be
                // loaded and applied again, not a message that can never be stitched.
                throw new ConcurrentChangeException($"the people loaded overlap ({overlap.Message}): another writer is changing them");
            }
        }
    }

    /// <summary>What a change writes: the people it created or changed (at the version loaded), and those it merged away.</summary>
    private static (List<PersonWrite> People, List<AbsorbedPerson> Absorbed) Written(JourneyEngine engine, IReadOnlyList<StoredPerson> owners)
    {
        var loaded = owners.ToDictionary(o => o.Snapshot.Id, StringComparer.Ordinal);
        var people = new List<PersonWrite>();
        foreach (var person in engine.People)
        {
            if (!loaded.TryGetValue(person.Id, out var before))
            {
                people.Add(new PersonWrite(JourneyEngine.Snapshot(person), null, JourneyChanged: true));
            }
            else if (person.EntryCount != before.Snapshot.Journey.Count || person.Identifiers.Count != before.Snapshot.Identifiers.Count)
            {
                people.Add(new PersonWrite(JourneyEngine.Snapshot(person), before.Version, JourneyChanged: true));
            }
            else if (person.Conflicts.Count != before.Snapshot.Conflicts.Count || person.SharedIdentifiers.Count != before.Snapshot.SharedIdentifiers.Count
                || person.Dismissals.Count != before.Snapshot.Dismissals.Count)
            {
                // A refused merge adds a conflict notice only (and may mark an identifier shared): the journey stays.
                people.Add(new PersonWrite(JourneyEngine.Snapshot(person), before.Version, JourneyChanged: false));
            }
        }

        var absorbed = owners
            .Select(o => (Owner: o, Survivor: engine.FindPerson(o.Snapshot.Id)!.Id))
            .Where(o => o.Survivor != o.Owner.Snapshot.Id)
            .Select(o => new AbsorbedPerson(o.Owner.Snapshot.Id, o.Owner.Version, o.Survivor))
            .ToList();
        return (people, absorbed);
    }

    /// <summary>An engine whose people get provisional creation sequences (<see cref="ProvisionalSequence"/> upwards).</summary>
    private sealed class Workspace
    {
        private long _nextSequence = ProvisionalSequence;

        public Workspace(JourneyClassifier classifier, int sharedAfterPeople) => Engine = new JourneyEngine(classifier, () => _nextSequence++, sharedAfterPeople);

        public JourneyEngine Engine { get; }

        public void Clear()
        {
            Engine.Clear();
            _nextSequence = ProvisionalSequence;
        }
    }

    private sealed class WorkspacePolicy(JourneyClassifier classifier, int sharedAfterPeople) : PooledObjectPolicy<Workspace>
    {
        public override Workspace Create() => new(classifier, sharedAfterPeople);

        public override bool Return(Workspace obj)
        {
            obj.Clear();
            return true;
        }
    }
}
