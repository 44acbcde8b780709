using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Identity;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// Applies interactions to people and journeys in memory: identity stitching (DOMAIN §2), then the
/// classification of every interaction the change can touch (DOMAIN §3), returning old -> new for each.
/// Pure: no I/O, no clock. Interactions must arrive normalized, as the bus carries them.
/// Classifications are not stored: the old ones are recomputed from the journeys as they were before
/// the change, which costs less than holding them (they were most of the engine's heap).
/// Not thread-safe: one engine serves one writer.
/// </summary>
public sealed class JourneyEngine(JourneyClassifier classifier, Func<long>? nextCreationSequence = null, int sharedAfterPeople = JourneyEngine.DefaultSharedAfterPeople)
{
    /// <summary>
    /// An identifier that links more people than this, each refused for holding another value of a strong type
    /// (three taxpayers on one front-desk phone), is marked shared and links nobody any more.
    /// </summary>
    public const int DefaultSharedAfterPeople = 2;

    private readonly JourneyClassifier _classifier = classifier;
    private readonly EntryLog _log = new();
    private readonly Dictionary<Identifier, Person> _owners = [];
    private readonly Dictionary<string, Person> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private readonly Dictionary<InteractionKey, Person> _interactions = [];
    private long _nextSequence;
    private ClassificationFacts[] _before = new ClassificationFacts[64];
    private ClassificationFacts[] _after = new ClassificationFacts[64];
    private JourneyEntry[] _journey = new JourneyEntry[64];
    private readonly List<Identifier> _ordered = [];
    private readonly List<Person?> _ownersOf = [];
    private readonly List<string> _motives = [];
    private readonly List<string> _caseRefs = [];
    private bool[] _inGroup = new bool[64];
    private JourneyEntry[] _groupBefore = new JourneyEntry[64];
    private JourneyEntry[] _groupAfter = new JourneyEntry[64];
    private Change? _change;

    /// <summary>While a split replays a journey: the two sides it keeps apart, and the decision.</summary>
    private (HashSet<Identifier> Leaving, HashSet<Identifier> Remaining, Separation Decision)? _splitting;

    public JourneyEngine()
        : this(new JourneyClassifier(ReiterationWindows.Standard))
    {
    }

    /// <summary>The people that exist now (merged people excluded).</summary>
    public IReadOnlyCollection<Person> People => _people.Values;

    /// <summary>The current owner of an identifier (normalized), if anyone holds it.</summary>
    public Person? FindByIdentifier(Identifier identifier) => _owners.GetValueOrDefault(identifier);

    /// <summary>A person by id, following the redirect of a merged person to its survivor.</summary>
    public Person? FindPerson(string personId)
    {
        var id = personId;
        while (_redirects.TryGetValue(id, out var next))
        {
            id = next;
        }

        return _people.GetValueOrDefault(id);
    }

    /// <summary>The person an interaction belongs to now.</summary>
    public Person? FindByInteraction(InteractionKey key) => _interactions.GetValueOrDefault(key);

    /// <summary>A person's classifications, parallel to <see cref="Person.Entries"/> (null where an entry has none).</summary>
    public InteractionClassification?[] Classify(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var entries = new JourneyEntry[person.EntryCount];
        person.CopyJourney(entries);
        return _classifier.Classify(entries);
    }

    public ApplyResult Apply(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var key = interaction.Key;
        var identifiers = Ordered(interaction.Identifiers);
        IdentityLinks.KeepLinking(identifiers, interaction.Channel);
        // A shared identifier (several citizens use it) links nobody, and routes nothing to the one who holds it.
        identifiers.RemoveAll(IsShared);
        // One look-up in the largest table for both the duplicate check and the insertion. The slot stays
        // valid: until it is filled, the table only has existing keys updated (by merges), never added.
        ref var owner = ref CollectionsMarshal.GetValueRefOrAddDefault(_interactions, key, out var known);
        if (known)
        {
            return new ApplyResult { Status = ApplyStatus.Duplicate, Interaction = key, PersonId = owner!.Id };
        }

        var change = _change ??= new Change(this);
        change.Start(key, interaction.OccurredAt, decision: null);
        var result = identifiers.Count == 0 ? Create(key) : Stitch(change, identifiers);
        owner = result;
        var entry = JourneyEntry.From(interaction);
        var logIndex = _log.Add(entry);
        List<ClassificationChange> changes;
        if (change.Absorbed is not null)
        {
            result.Insert(logIndex);
            changes = change.Diff(result);
        }
        else if (entry.Type == InteractionType.Visit && entry.AnnouncedDeadline is null)
        {
            // A visit is journey context only: unless it merged people, it changes no classification.
            result.Insert(logIndex);
            changes = [];
        }
        else
        {
            changes = InsertAndDiff(result, entry, logIndex);
        }

        return new ApplyResult
        {
            Status = ApplyStatus.Recorded,
            Interaction = key,
            PersonId = result.Id,
            Absorbed = change.Absorbed ?? [],
            Conflicts = change.Conflicts ?? [],
            Changes = changes,
        };
    }

    /// <summary>
    /// Applies a decision (docs/domain.md §2, decisions): its identifiers are linked as if an interaction had
    /// carried them all verified, and nothing enters a journey. Merges it makes are recorded with who decided
    /// and why; strong-type conflicts refuse as for an interaction. The result's <see cref="ApplyResult.Changes"/>
    /// are the reclassifications the merges cause; <see cref="ApplyStatus.Duplicate"/> when it changed nothing.
    /// </summary>
    public ApplyResult Decide(ApplyIdentityDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Kind == IdentityDecisionKind.MarkShared)
        {
            return MarkShared(decision);
        }

        if (decision.Kind is IdentityDecisionKind.DismissClaim or IdentityDecisionKind.DismissConflict)
        {
            return Dismiss(decision);
        }

        var identifiers = Ordered([.. decision.Identifiers.Select(i => i with { Assurance = IdentifierAssurance.Verified })]);
        var change = _change ??= new Change(this);
        change.Start(decision.Cause, decision.DecidedAt, decision);
        var attachedBefore = _owners.Count;
        var result = Stitch(change, identifiers);
        var changes = change.Absorbed is not null ? change.Diff(result) : [];
        var linked = change.Absorbed is not null || _owners.Count != attachedBefore;
        var changedNothing = !linked && change.Conflicts is null;
        if (linked)
        {
            result.AddLink(new DecidedLink(decision.DecisionId, decision.Kind, [.. identifiers], decision.DecidedBy, decision.Reason, decision.DecidedAt));
        }

        return new ApplyResult
        {
            Status = changedNothing ? ApplyStatus.Duplicate : ApplyStatus.Recorded,
            Interaction = decision.Cause,
            PersonId = result.Id,
            Absorbed = change.Absorbed ?? [],
            Conflicts = change.Conflicts ?? [],
            Changes = changes,
        };
    }

    /// <summary>A referent marks identifiers shared: each stays with its holder and links nobody from then on.</summary>
    private ApplyResult MarkShared(ApplyIdentityDecision decision)
    {
        string? holder = null;
        var marked = false;
        foreach (var identifier in decision.Identifiers)
        {
            if (_owners.TryGetValue(identifier, out var owner) && !owner.IsShared(identifier))
            {
                owner.MarkShared(identifier);
                marked = true;
            }

            holder ??= owner?.Id;
        }

        return new ApplyResult
        {
            Status = marked ? ApplyStatus.Recorded : ApplyStatus.Duplicate,
            Interaction = decision.Cause,
            PersonId = holder ?? "",
        };
    }

    /// <summary>
    /// A referent dismisses a claim of the person, or its conflicts on an identifier (on both sides of each,
    /// where the other person is loaded): a note on each person, nothing linked or separated.
    /// </summary>
    private ApplyResult Dismiss(ApplyIdentityDecision decision)
    {
        var person = decision.PersonId is null ? null : FindPerson(decision.PersonId);
        var identifier = decision.Identifiers.Count > 0 ? decision.Identifiers[0] with { Assurance = IdentifierAssurance.Verified } : null;
        if (person is null || identifier is null)
        {
            return new ApplyResult { Status = ApplyStatus.Duplicate, Interaction = decision.Cause, PersonId = person?.Id ?? "" };
        }

        var dismissal = new Dismissal(decision.DecisionId, decision.Kind, identifier, decision.Interaction, decision.DecidedBy, decision.Reason, decision.DecidedAt);
        List<Person> concerned = [person];
        if (decision.Kind == IdentityDecisionKind.DismissConflict)
        {
            concerned.AddRange(person.Conflicts.Where(c => c.Identifier.Equals(identifier))
                .SelectMany(c => new[] { c.OwnerId, c.OtherPersonId })
                .OfType<string>().Select(FindPerson).OfType<Person>().Where(p => !ReferenceEquals(p, person)).Distinct());
        }

        var noted = false;
        foreach (var each in concerned.Where(p => !p.Dismissals.Any(d => d.DecisionId == decision.DecisionId)))
        {
            each.AddDismissal(dismissal);
            noted = true;
        }

        return new ApplyResult { Status = noted ? ApplyStatus.Recorded : ApplyStatus.Duplicate, Interaction = decision.Cause, PersonId = person.Id };
    }

    private bool IsShared(Identifier identifier) => _owners.TryGetValue(identifier, out var owner) && owner.IsShared(identifier);

    /// <summary>
    /// Adds a person as a store kept it, so that a service can load the people an interaction touches
    /// (the owners of its identifiers), apply it, and write back <see cref="Snapshot"/>s of the result.
    /// </summary>
    /// <exception cref="InvalidOperationException">The person, one of its identifiers or interactions is already here.</exception>
    public Person Load(PersonSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_people.ContainsKey(snapshot.Id) || snapshot.Identifiers.Any(_owners.ContainsKey) || snapshot.Journey.Any(e => _interactions.ContainsKey(e.Key)))
        {
            throw new InvalidOperationException($"Person {snapshot.Id} overlaps what this engine already holds.");
        }

        var person = new Person(_log, snapshot.Id, snapshot.CreationSequence);
        _people[person.Id] = person;
        _nextSequence = Math.Max(_nextSequence, snapshot.CreationSequence + 1);
        foreach (var identifier in snapshot.Identifiers)
        {
            person.Attach(identifier);
            _owners[identifier] = person;
        }

        foreach (var entry in snapshot.Journey)
        {
            person.Insert(_log.Add(entry));
            _interactions[entry.Key] = person;
        }

        foreach (var conflict in snapshot.Conflicts)
        {
            person.AddConflict(conflict);
        }

        foreach (var merge in snapshot.Merges)
        {
            person.AddMerge(merge);
        }

        foreach (var separation in snapshot.Separations)
        {
            person.AddSeparation(separation);
        }

        foreach (var link in snapshot.Links)
        {
            person.AddLink(link);
        }

        foreach (var shared in snapshot.SharedIdentifiers)
        {
            person.MarkShared(shared);
        }

        foreach (var dismissal in snapshot.Dismissals)
        {
            person.AddDismissal(dismissal);
        }

        return person;
    }

    /// <summary>
    /// Forgets every person, identifier and interaction, as a new engine would hold nothing, but keeps the
    /// tables and buffers grown so far: a service that loads people into an engine per batch reuses one
    /// instead of growing a new one (whose large arrays each cost a full collection).
    /// </summary>
    public void Clear()
    {
        _log.Clear();
        _owners.Clear();
        _people.Clear();
        _redirects.Clear();
        _interactions.Clear();
        _nextSequence = 0;
        _change = null;
        _splitting = null;
        Array.Clear(_before);
        Array.Clear(_after);
        Array.Clear(_journey);
        Array.Clear(_groupBefore);
        Array.Clear(_groupAfter);
        Array.Clear(_inGroup);
        _ordered.Clear();
        _ownersOf.Clear();
        _motives.Clear();
        _caseRefs.Clear();
    }

    /// <summary>A person as a store should keep it.</summary>
    public static PersonSnapshot Snapshot(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new PersonSnapshot(person.Id, person.CreationSequence, [.. person.Identifiers], person.Entries, [.. person.Conflicts])
        {
            Merges = [.. person.Merges],
            Separations = [.. person.Separations],
            Links = [.. person.Links],
            SharedIdentifiers = [.. person.SharedIdentifiers],
            Dismissals = [.. person.Dismissals],
        };
    }

    /// <summary>Every classification, computed from the journeys as they are.</summary>
    public Dictionary<InteractionKey, InteractionClassification> CurrentClassifications()
    {
        var all = new Dictionary<InteractionKey, InteractionClassification>();
        foreach (var person in _people.Values)
        {
            foreach (var classification in Classify(person))
            {
                if (classification is not null)
                {
                    all[classification.Key] = classification;
                }
            }
        }

        return all;
    }

    /// <summary>
    /// DOMAIN §2, with one reading made explicit: identifiers nobody owns form, when the highest-priority
    /// identifier of the interaction is among them, the person the merges start from; otherwise they join
    /// the result at the end, except a strong one that would give it a second value of its type, which is
    /// recorded as a conflict. Without conflicts this is exactly the rule as written.
    /// </summary>
    private Person Stitch(Change change, List<Identifier> identifiers)
    {
        // One look-up per identifier: the owners found stay valid but for merges, which Current follows.
        var owners = _ownersOf;
        owners.Clear();
        foreach (var identifier in identifiers)
        {
            owners.Add(_owners.GetValueOrDefault(identifier));
        }

        var result = owners[0];
        var startsNew = result is null;
        if (result is null)
        {
            result = Create(change.Cause);
            AttachUnowned(change, result, identifiers, owners);
        }

        for (var i = 0; i < identifiers.Count; i++)
        {
            if (owners[i] is not { } found || Current(found) is var owner && ReferenceEquals(owner, result))
            {
                continue;
            }

            if (Separating(result, owner, referentMerge: change.Decision?.Kind == IdentityDecisionKind.Merge) is { } separation)
            {
                var apart = new IdentityConflict(identifiers[i], owner.Id, result.Id, change.Cause, identifiers[i].Type) { SeparatedBy = separation.DecisionId };
                owner.AddConflict(apart);
                result.AddConflict(apart);
                change.Record(apart);
                continue;
            }

            if (result.StrongConflictWith(owner) is { } strongType)
            {
                var conflict = new IdentityConflict(identifiers[i], owner.Id, result.Id, change.Cause, strongType) { OtherValue = result.StrongValue(strongType) };
                owner.AddConflict(conflict);
                result.AddConflict(conflict);
                change.Record(conflict);
                MarkSharedPastThreshold(owner, identifiers[i]);
                continue;
            }

            var (survivor, merged) = CreatedFirst(owner, result) ? (owner, result) : (result, owner);
            // The record names the absorbed person's identifier the interaction carried: what linked it.
            var through = ReferenceEquals(merged, owner) ? identifiers[i] : HeldBy(result, identifiers);
            change.Touch(survivor);
            change.Touch(merged);
            Merge(survivor, merged);
            survivor.AddMerge(new MergeRecord(survivor.Id, merged.Id, through, change.Cause, change.At)
            {
                DecidedBy = change.Decision?.DecidedBy,
                Decision = change.Decision?.Kind,
                Reason = change.Decision?.Reason,
            });
            change.Absorb(merged.Id);
            result = survivor;
        }

        if (!startsNew)
        {
            AttachUnowned(change, result, identifiers, owners);
        }

        return result;
    }

    /// <summary>
    /// The split that keeps two people apart, if one does: the split being replayed, always; a person's own
    /// separations, unless a referent is merging them.
    /// </summary>
    private Separation? Separating(Person result, Person owner, bool referentMerge)
    {
        if (_splitting is { } split
            && ((Holds(result, split.Leaving) && Holds(owner, split.Remaining)) || (Holds(result, split.Remaining) && Holds(owner, split.Leaving))))
        {
            return split.Decision;
        }

        return referentMerge ? null : result.SeparationFrom(owner);
    }

    /// <summary>The split that forbids a person to take an identifier nobody holds, if one does.</summary>
    private Separation? Separating(Person person, Identifier identifier)
    {
        if (_splitting is { } split
            && ((Holds(person, split.Leaving) && split.Remaining.Contains(identifier)) || (Holds(person, split.Remaining) && split.Leaving.Contains(identifier))))
        {
            return split.Decision;
        }

        return person.SeparationFrom(identifier);
    }

    private static bool Holds(Person person, HashSet<Identifier> identifiers) => person.Identifiers.Any(identifiers.Contains);

    /// <summary>Starts the replay of a split: until <see cref="Clear"/>, the two sides never join.</summary>
    internal void BeginSplit(HashSet<Identifier> leaving, HashSet<Identifier> remaining, Separation decision) => _splitting = (leaving, remaining, decision);

    /// <summary>Marks an identifier shared once it has linked more people than the threshold (its holder and those refused).</summary>
    private void MarkSharedPastThreshold(Person owner, Identifier identifier)
    {
        // Counted by the strong values refused, not by person ids: two people of one citizen, not yet merged, are one.
        var linked = 1 + owner.Conflicts.Where(c => c.Identifier.Equals(identifier) && c.SeparatedBy is null && c.OwnerId == owner.Id)
            .Select(c => c.OtherValue is null ? c.OtherPersonId : $"{c.StrongType}:{c.OtherValue}").Distinct(StringComparer.Ordinal).Count();
        if (linked > sharedAfterPeople)
        {
            owner.MarkShared(identifier);
        }
    }

    /// <summary>The first of these identifiers (in priority order) that <paramref name="person"/> holds now.</summary>
    private Identifier HeldBy(Person person, List<Identifier> identifiers) =>
        identifiers.First(i => _owners.TryGetValue(i, out var owner) && ReferenceEquals(Current(owner), person));

    /// <summary>The survivor of a merge is the person created first; equal sequences (two clocks) fall back to the id.</summary>
    private static bool CreatedFirst(Person left, Person right) =>
        left.CreationSequence != right.CreationSequence
            ? left.CreationSequence < right.CreationSequence
            : string.CompareOrdinal(left.Id, right.Id) < 0;

    /// <summary>The person as it is now: a person merged away stands for its survivor.</summary>
    private Person Current(Person person) => person.MergedInto is null ? person : FindPerson(person.Id)!;

    /// <param name="change">The change that records refusals.</param>
    /// <param name="person">Who takes the identifiers nobody owns.</param>
    /// <param name="identifiers">The interaction's identifiers.</param>
    /// <param name="owners">Their owners, parallel; updated as identifiers are attached.</param>
    private void AttachUnowned(Change change, Person person, List<Identifier> identifiers, List<Person?> owners)
    {
        for (var i = 0; i < identifiers.Count; i++)
        {
            var identifier = identifiers[i];
            if (owners[i] is not null)
            {
                continue;
            }

            if (Separating(person, identifier) is { } separation)
            {
                var apart = new IdentityConflict(identifier, null, person.Id, change.Cause, identifier.Type) { SeparatedBy = separation.DecisionId };
                person.AddConflict(apart);
                change.Record(apart);
                continue;
            }

            if (person.Refuses(identifier))
            {
                var conflict = new IdentityConflict(identifier, null, person.Id, change.Cause, identifier.Type);
                person.AddConflict(conflict);
                change.Record(conflict);
                continue;
            }

            person.Attach(identifier);
            _owners[identifier] = person;
            owners[i] = person;
        }
    }

    private Person Create(InteractionKey key)
    {
        // A service with a store gives the sequence (a store counter or clock): "created first" must hold
        // across the engines of all its messages and replicas, not only within one.
        var person = new Person(_log, PersonIdFor(key), nextCreationSequence?.Invoke() ?? _nextSequence++);
        _people[person.Id] = person;
        return person;
    }

    private void Merge(Person survivor, Person merged)
    {
        foreach (var identifier in merged.Identifiers)
        {
            _owners[identifier] = survivor;
        }

        foreach (var entry in merged.Entries)
        {
            _interactions[entry.Key] = survivor;
        }

        survivor.Absorb(merged);
        _people.Remove(merged.Id);
        _redirects[merged.Id] = survivor.Id;
    }

    /// <summary>Identifiers without repeats, by priority then value, so that every replica walks them alike.</summary>
    private List<Identifier> Ordered(IReadOnlyList<Identifier> identifiers)
    {
        if (identifiers.Count == 0)
        {
            throw new ArgumentException("An interaction needs at least one identifier.", nameof(identifiers));
        }

        // At most ten identifiers: an insertion sort beats a general sort and its delegate.
        var ordered = _ordered;
        ordered.Clear();
        foreach (var identifier in identifiers)
        {
            var at = ordered.Count;
            while (at > 0 && IdentifierRules.Compare(ordered[at - 1], identifier) > 0)
            {
                at--;
            }

            if (at == 0 || !ordered[at - 1].Equals(identifier))
            {
                ordered.Insert(at, identifier);
            }
            else if (!identifier.IsDeclared)
            {
                // Said twice, once verified: the verified mention vouches for it.
                ordered[at - 1] = identifier;
            }
        }

        return ordered;
    }

    /// <summary>
    /// Derived from the interaction that created the person, so that a redelivered message that creates
    /// a person again gives it the same id. A 128-bit non-cryptographic hash: ids are not secrets, and a
    /// cryptographic one cost a quarter of the engine's time.
    /// </summary>
    public static string PersonIdFor(InteractionKey key)
    {
        var text = $"{key.Source}\n{key.Id}";
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(utf8[..length], hash);
        return "p-" + Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Inserts an entry into a journey that merged nobody, and reports what it changed. Only entries that
    /// share a subject with it, directly or through a chain of shared motives and case references, can
    /// change, since every rule of DOMAIN §3 relates entries of the same subject: that part of the journey
    /// is classified before and after, the rest is left alone. The journey is read from the log once.
    /// </summary>
    private List<ClassificationChange> InsertAndDiff(Person person, in JourneyEntry entry, int logIndex)
    {
        var count = person.EntryCount;
        Grow(ref _journey, count);
        var journey = _journey.AsSpan(0, count);
        person.CopyJourney(journey);
        var position = count;
        while (position > 0 && journey[position - 1].CompareTo(entry) > 0)
        {
            position--;
        }

        person.InsertAt(position, logIndex);

        // The group, in journey order, with the new entry at 'inserted' in 'after' and absent from 'before'.
        Grow(ref _groupAfter, count + 1);
        Grow(ref _groupBefore, count);
        var inserted = -1;
        var length = 0;
        MarkSubjectGroup(journey, entry);
        for (var i = 0; i <= count; i++)
        {
            if (i == position)
            {
                inserted = length;
                _groupAfter[length++] = entry;
            }

            if (i < count && _inGroup[i])
            {
                _groupBefore[length - (inserted < 0 ? 0 : 1)] = journey[i];
                _groupAfter[length++] = journey[i];
            }
        }

        var after = _groupAfter.AsSpan(0, length);
        var before = _groupBefore.AsSpan(0, length - 1);
        Grow(ref _before, before.Length);
        Grow(ref _after, after.Length);
        var beforeFacts = _before.AsSpan(0, before.Length);
        var afterFacts = _after.AsSpan(0, after.Length);
        _classifier.Classify(before, beforeFacts);
        _classifier.Classify(after, afterFacts);

        var changes = new List<ClassificationChange>(1);
        for (var i = 0; i < after.Length; i++)
        {
            if (!afterFacts[i].Classified)
            {
                continue;
            }

            if (i == inserted)
            {
                changes.Add(new ClassificationChange { New = afterFacts[i].ToClassification(after, i)! });
                continue;
            }

            var old = beforeFacts[i < inserted ? i : i - 1].ShiftedPast(inserted);
            if (!old.Equals(afterFacts[i]))
            {
                changes.Add(new ClassificationChange { Old = old.ToClassification(after, i), New = afterFacts[i].ToClassification(after, i)! });
            }
        }

        return changes;
    }

    /// <summary>
    /// Marks in <c>_inGroup</c> the entries of <paramref name="journey"/> linked to <paramref name="entry"/>'s
    /// subject through shared motives or case references (none when it has no subject).
    /// </summary>
    private void MarkSubjectGroup(ReadOnlySpan<JourneyEntry> journey, in JourneyEntry entry)
    {
        Grow(ref _inGroup, journey.Length);
        var inGroup = _inGroup.AsSpan(0, journey.Length);
        inGroup.Clear();
        _motives.Clear();
        _caseRefs.Clear();
        if (entry.Subject is not { } subject)
        {
            return;
        }

        _motives.Add(subject.Motive);
        if (subject.CaseRef is not null)
        {
            _caseRefs.Add(subject.CaseRef);
        }

        for (var grew = true; grew;)
        {
            grew = false;
            for (var i = 0; i < journey.Length; i++)
            {
                if (inGroup[i] || journey[i].Subject is not { } other)
                {
                    continue;
                }

                var byMotive = _motives.Contains(other.Motive);
                var byCase = other.CaseRef is not null && _caseRefs.Contains(other.CaseRef);
                if (!byMotive && !byCase)
                {
                    continue;
                }

                inGroup[i] = grew = true;
                if (!byMotive)
                {
                    _motives.Add(other.Motive);
                }

                if (other.CaseRef is not null && !byCase)
                {
                    _caseRefs.Add(other.CaseRef);
                }
            }
        }
    }

    private static void Grow<T>(ref T[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
        }
    }

    /// <summary>A person's journey in the engine's reused buffer: valid until the next call.</summary>
    private ReadOnlySpan<JourneyEntry> Gather(Person person)
    {
        Grow(ref _journey, person.EntryCount);
        var entries = _journey.AsSpan(0, person.EntryCount);
        person.CopyJourney(entries);
        return entries;
    }

    /// <summary>
    /// What one interaction does: the people it merges and the conflicts it records, and, when it merges,
    /// each merged person's journey and classifications as they were, to report old -> new.
    /// </summary>
    private sealed class Change(JourneyEngine engine)
    {
        private readonly List<(Person Person, int Offset, JourneyEntry[] Entries)> _touched = [];
        private int _beforeCount;

        public InteractionKey Cause { get; private set; }

        public DateTimeOffset At { get; private set; }

        /// <summary>The decision being applied, if the change is one.</summary>
        public ApplyIdentityDecision? Decision { get; private set; }

        /// <summary>Null until a merge happens: most interactions merge nobody.</summary>
        public List<string>? Absorbed { get; private set; }

        public List<IdentityConflict>? Conflicts { get; private set; }

        public void Record(IdentityConflict conflict) => (Conflicts ??= []).Add(conflict);

        public void Absorb(string personId) => (Absorbed ??= []).Add(personId);

        /// <summary>The engine reuses one change: this starts the next.</summary>
        public void Start(InteractionKey cause, DateTimeOffset at, ApplyIdentityDecision? decision)
        {
            Cause = cause;
            At = at;
            Decision = decision;
            Absorbed = null;
            Conflicts = null;
            _touched.Clear();
            _beforeCount = 0;
        }

        /// <summary>Call before a merge changes a person: keeps its journey and classifications as they are.</summary>
        public void Touch(Person person)
        {
            foreach (var touched in _touched)
            {
                if (ReferenceEquals(touched.Person, person))
                {
                    return;
                }
            }

            var entries = engine.Gather(person);
            Grow(ref engine._before, _beforeCount + entries.Length);
            engine._classifier.Classify(entries, engine._before.AsSpan(_beforeCount, entries.Length));
            _touched.Add((person, _beforeCount, entries.ToArray()));
            _beforeCount += entries.Length;
        }

        /// <summary>After a merge: every touched journey was kept, entries are matched by key.</summary>
        /// <param name="result">The person after the change.</param>
        public List<ClassificationChange> Diff(Person result)
        {
            var entries = engine.Gather(result);
            Grow(ref engine._after, entries.Length);
            var after = engine._after.AsSpan(0, entries.Length);
            engine._classifier.Classify(entries, after);
            return DiffMerged(entries, after);
        }

        /// <summary>A merge: old and new journeys differ, so entries are matched by key.</summary>
        private List<ClassificationChange> DiffMerged(ReadOnlySpan<JourneyEntry> entries, ReadOnlySpan<ClassificationFacts> after)
        {
            var before = engine._before.AsSpan(0, _beforeCount);
            var previous = new Dictionary<InteractionKey, (JourneyEntry[] Entries, int Index, int Offset)>(_beforeCount);
            foreach (var (_, offset, journey) in _touched)
            {
                for (var i = 0; i < journey.Length; i++)
                {
                    previous[journey[i].Key] = (journey, i, offset);
                }
            }

            var changes = new List<ClassificationChange>();
            for (var i = 0; i < after.Length; i++)
            {
                ref readonly var current = ref after[i];
                if (!current.Classified)
                {
                    continue;
                }

                if (!previous.TryGetValue(entries[i].Key, out var was) || !before[was.Offset + was.Index].Classified)
                {
                    changes.Add(new ClassificationChange { New = current.ToClassification(entries, i)! });
                    continue;
                }

                var old = before[was.Offset + was.Index];
                var same = old.WithoutIndices().Equals(current.WithoutIndices())
                    && KeyAt(was.Entries, old.PredecessorIndex) == KeyAt(entries, current.PredecessorIndex)
                    && KeyAt(was.Entries, old.DemandIndex) == KeyAt(entries, current.DemandIndex);
                if (!same)
                {
                    changes.Add(new ClassificationChange { Old = old.ToClassification(was.Entries, was.Index), New = current.ToClassification(entries, i)! });
                }
            }

            return changes;
        }

        private static InteractionKey? KeyAt(ReadOnlySpan<JourneyEntry> entries, int index) => index < 0 ? null : entries[index].Key;
    }
}
