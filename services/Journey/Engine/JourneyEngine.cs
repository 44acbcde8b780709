using System.IO.Hashing;
using System.Text;
using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;
using Omnichannel.Journey.Identity;

namespace Omnichannel.Journey.Engine;

/// <summary>
/// Applies interactions to people and journeys in memory: identity stitching (DOMAIN §2), then the
/// classification of every contact the change can touch (DOMAIN §3), returning old -> new per contact.
/// Pure: no I/O, no clock. Interactions must arrive normalized, as the bus carries them.
/// Not thread-safe: one engine serves one writer.
/// </summary>
public sealed class JourneyEngine(JourneyClassifier classifier)
{
    private readonly Dictionary<Identifier, Person> _owners = [];
    private readonly Dictionary<string, Person> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private readonly Dictionary<InteractionKey, Person> _interactions = [];
    private long _nextSequence;

    public JourneyEngine()
        : this(new JourneyClassifier(ReiterationWindows.Standard))
    {
    }

    /// <summary>The people that exist now (merged people excluded).</summary>
    public IReadOnlyCollection<Person> People => _people.Values;

    public int InteractionCount => _interactions.Count;

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
    public Person? FindByInteraction(InteractionKey key) => _interactions.GetValueOrDefault(key) is { } person ? FindPerson(person.Id) : null;

    public ApplyResult Apply(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var key = interaction.Key;
        if (FindByInteraction(key) is { } known)
        {
            return new ApplyResult { Status = ApplyStatus.Duplicate, Interaction = key, PersonId = known.Id };
        }

        var identifiers = Ordered(interaction.Identifiers);
        var absorbed = new List<Person>();
        var conflicts = new List<IdentityConflict>();
        var result = Stitch(key, identifiers, absorbed, conflicts);

        var entry = JourneyEntry.From(interaction);
        result.Insert(entry);
        _interactions[key] = result;

        // A visit without a deadline is journey context only: it can change no classification unless it merged people.
        var mayChangeClassifications = absorbed.Count > 0 || entry.Type != InteractionType.Visit || entry.AnnouncedDeadline is not null;
        var changes = mayChangeClassifications ? Reclassify(result) : [];
        return new ApplyResult
        {
            Status = ApplyStatus.Recorded,
            Interaction = key,
            PersonId = result.Id,
            Absorbed = absorbed.ConvertAll(p => p.Id),
            Conflicts = conflicts,
            Changes = changes,
        };
    }

    /// <summary>Every current classification, as the deltas so far have left it.</summary>
    public Dictionary<InteractionKey, InteractionClassification> CurrentClassifications()
    {
        var all = new Dictionary<InteractionKey, InteractionClassification>();
        foreach (var person in _people.Values)
        {
            for (var i = 0; i < person.Entries.Count; i++)
            {
                if (person.Classifications[i] is { } classification)
                {
                    all[person.Entries[i].Key] = classification;
                }
            }
        }

        return all;
    }

    /// <summary>Every classification computed afresh from the journeys, ignoring what was kept.</summary>
    public Dictionary<InteractionKey, InteractionClassification> RecomputeAll()
    {
        var all = new Dictionary<InteractionKey, InteractionClassification>();
        foreach (var person in _people.Values)
        {
            var fresh = classifier.Classify(person.Entries);
            for (var i = 0; i < fresh.Length; i++)
            {
                if (fresh[i] is { } classification)
                {
                    all[person.Entries[i].Key] = classification;
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
    private Person Stitch(InteractionKey key, List<Identifier> identifiers, List<Person> absorbed, List<IdentityConflict> conflicts)
    {
        var result = FindByIdentifier(identifiers[0]);
        var startsNew = result is null;
        if (result is null)
        {
            result = Create(key);
            AttachUnowned(result, key, identifiers, conflicts);
        }

        foreach (var identifier in identifiers)
        {
            var owner = FindByIdentifier(identifier);
            if (owner is null || ReferenceEquals(owner, result))
            {
                continue;
            }

            if (result.StrongConflictWith(owner) is { } strongType)
            {
                var conflict = new IdentityConflict(identifier, owner.Id, result.Id, key, strongType);
                owner.AddConflict(conflict);
                result.AddConflict(conflict);
                conflicts.Add(conflict);
                continue;
            }

            var (survivor, merged) = owner.CreationSequence < result.CreationSequence ? (owner, result) : (result, owner);
            Merge(survivor, merged);
            absorbed.Add(merged);
            result = survivor;
        }

        if (!startsNew)
        {
            AttachUnowned(result, key, identifiers, conflicts);
        }

        return result;
    }

    private void AttachUnowned(Person person, InteractionKey key, List<Identifier> identifiers, List<IdentityConflict> conflicts)
    {
        foreach (var identifier in identifiers)
        {
            if (_owners.ContainsKey(identifier))
            {
                continue;
            }

            if (person.Refuses(identifier))
            {
                var conflict = new IdentityConflict(identifier, null, person.Id, key, identifier.Type);
                person.AddConflict(conflict);
                conflicts.Add(conflict);
                continue;
            }

            person.Attach(identifier);
            _owners[identifier] = person;
        }
    }

    private Person Create(InteractionKey key)
    {
        var person = new Person(PersonIdFor(key), _nextSequence++);
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

    private List<ClassificationChange> Reclassify(Person person)
    {
        var fresh = classifier.Classify(person.Entries);
        var changes = new List<ClassificationChange>();
        for (var i = 0; i < fresh.Length; i++)
        {
            var old = person.Classifications[i];
            var current = fresh[i];
            if (current is not null && !current.Equals(old))
            {
                changes.Add(new ClassificationChange { Old = old, New = current });
                person.ReplaceClassification(i, current);
            }
        }

        return changes;
    }

    private static List<Identifier> Ordered(IReadOnlyList<Identifier> identifiers)
    {
        if (identifiers.Count == 0)
        {
            throw new ArgumentException("An interaction needs at least one identifier.", nameof(identifiers));
        }

        var ordered = new List<Identifier>(identifiers.Count);
        foreach (var identifier in identifiers)
        {
            if (!ordered.Contains(identifier))
            {
                ordered.Add(identifier);
            }
        }

        ordered.Sort(IdentifierRules.Compare);
        return ordered;
    }

    /// <summary>
    /// Derived from the interaction that created the person, so that a redelivered message that creates
    /// a person again gives it the same id. A 128-bit non-cryptographic hash: ids are not secrets, and a
    /// cryptographic one cost a quarter of the engine's time.
    /// </summary>
    public static string PersonIdFor(InteractionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = $"{key.Source}\n{key.Id}";
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(utf8[..length], hash);
        return "p-" + Convert.ToHexStringLower(hash);
    }
}
