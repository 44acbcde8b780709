using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Identity;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// One citizen as the engine knows them: identifiers, journey (sorted by the total order) and refused
/// merges. A merged person keeps only a redirect. Classifications are not kept: they are a function of
/// the journey, cheaper to recompute than to hold (see <see cref="JourneyEngine"/>).
/// </summary>
public sealed class Person
{
    private readonly List<Identifier> _identifiers = [];
    private readonly EntryLog _log;
    private int[] _journey = [];
    private int _length;
    private readonly string?[] _strongValues = new string?[3];
    private List<IdentityConflict>? _conflicts;
    private List<MergeRecord>? _merges;
    private List<Separation>? _separations;
    private List<DecidedLink>? _links;
    private List<Identifier>? _shared;
    private List<Dismissal>? _dismissals;

    internal Person(EntryLog log, string id, long creationSequence)
    {
        _log = log;
        Id = id;
        CreationSequence = creationSequence;
    }

    public string Id { get; }

    /// <summary>Orders people by creation: the survivor of a merge is the one created first.</summary>
    public long CreationSequence { get; }

    /// <summary>Set once this person was merged into another.</summary>
    public string? MergedInto { get; private set; }

    public IReadOnlyList<Identifier> Identifiers => _identifiers;

    /// <summary>The journey, a copy in the total order.</summary>
    public IReadOnlyList<JourneyEntry> Entries
    {
        get
        {
            var entries = new JourneyEntry[_length];
            CopyJourney(entries);
            return entries;
        }
    }

    public int EntryCount => _length;

    /// <summary>The entry at a position of the journey, without copying.</summary>
    public ref readonly JourneyEntry EntryAt(int position) => ref _log[_journey[position]];

    /// <summary>Copies the journey into <paramref name="destination"/>, for the classifier.</summary>
    public void CopyJourney(Span<JourneyEntry> destination)
    {
        for (var i = 0; i < _length; i++)
        {
            destination[i] = _log[_journey[i]];
        }
    }

    public IReadOnlyList<IdentityConflict> Conflicts => _conflicts ?? (IReadOnlyList<IdentityConflict>)[];

    /// <summary>Every merge that made this person, in the order they happened here.</summary>
    public IReadOnlyList<MergeRecord> Merges => _merges ?? (IReadOnlyList<MergeRecord>)[];

    /// <summary>The claims and conflicts of this person a referent dismissed.</summary>
    public IReadOnlyList<Dismissal> Dismissals => _dismissals ?? (IReadOnlyList<Dismissal>)[];

    internal void AddDismissal(Dismissal dismissal) => AddOnce(ref _dismissals, dismissal);

    /// <summary>Identifiers of this person that are shared (several citizens use them): they link nobody any more.</summary>
    public IReadOnlyList<Identifier> SharedIdentifiers => _shared ?? (IReadOnlyList<Identifier>)[];

    public bool IsShared(Identifier identifier) => _shared?.Contains(identifier) == true;

    internal void MarkShared(Identifier identifier) => AddOnce(ref _shared, identifier with { Assurance = IdentifierAssurance.Verified });

    /// <summary>The referents' splits this person must not be merged across.</summary>
    public IReadOnlyList<Separation> Separations => _separations ?? (IReadOnlyList<Separation>)[];

    /// <summary>The decisions that linked identifiers of this person (edges no interaction carries).</summary>
    public IReadOnlyList<DecidedLink> Links => _links ?? (IReadOnlyList<DecidedLink>)[];

    /// <summary>
    /// The split that keeps this person apart from <paramref name="other"/>, if one does: a separation of
    /// either names an identifier the other holds.
    /// </summary>
    public Separation? SeparationFrom(Person other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Separations.FirstOrDefault(s => s.From.Any(other._identifiers.Contains))
            ?? other.Separations.FirstOrDefault(s => s.From.Any(_identifiers.Contains));
    }

    /// <summary>The split that forbids this person to take <paramref name="identifier"/>, if one does.</summary>
    public Separation? SeparationFrom(Identifier identifier) => Separations.FirstOrDefault(s => s.From.Contains(identifier));

    internal void AddSeparation(Separation separation) => AddOnce(ref _separations, separation);

    internal void AddLink(DecidedLink link) => AddOnce(ref _links, link);

    /// <summary>The value this person holds for a strong identifier type, if any.</summary>
    public string? StrongValue(IdentifierType type) =>
        IdentifierRules.IsStrong(type) ? _strongValues[IdentifierRules.Priority(type)] : null;

    /// <summary>The strong type for which the two people hold different values, if any: then they must not merge.</summary>
    public IdentifierType? StrongConflictWith(Person other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _strongValues.Length; i++)
        {
            var mine = _strongValues[i];
            var theirs = other._strongValues[i];
            if (mine is not null && theirs is not null && !string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                return (IdentifierType)(i + 1);
            }
        }

        return null;
    }

    /// <summary>True when attaching this identifier would give the person two values of one strong type.</summary>
    public bool Refuses(Identifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var held = StrongValue(identifier.Type);
        return held is not null && !string.Equals(held, identifier.Value, StringComparison.Ordinal);
    }

    internal void Attach(Identifier identifier)
    {
        // A person holds identifiers, not what one interaction said of them: the assurance stays on the interactions.
        _identifiers.Add(identifier.IsDeclared ? identifier with { Assurance = IdentifierAssurance.Verified } : identifier);
        if (IdentifierRules.IsStrong(identifier.Type))
        {
            _strongValues[IdentifierRules.Priority(identifier.Type)] = identifier.Value;
        }
    }

    internal void AddConflict(IdentityConflict conflict) => AddOnce(ref _conflicts, conflict);

    internal void AddMerge(MergeRecord merge) => AddOnce(ref _merges, merge);

    /// <summary>Adds an entry (already in the log at <paramref name="logIndex"/>) in the total order; returns its position.</summary>
    internal int Insert(int logIndex)
    {
        ref readonly var entry = ref _log[logIndex];
        var at = _length;
        while (at > 0 && _log[_journey[at - 1]].CompareTo(entry) > 0)
        {
            at--;
        }

        InsertAt(at, logIndex);
        return at;
    }

    /// <summary>Adds an entry at a position the caller found in the total order.</summary>
    internal void InsertAt(int position, int logIndex)
    {
        Reserve(_length + 1);
        Array.Copy(_journey, position, _journey, position + 1, _length - position);
        _journey[position] = logIndex;
        _length++;
    }

    /// <summary>Moves everything of <paramref name="absorbed"/> here.</summary>
    internal void Absorb(Person absorbed)
    {
        foreach (var identifier in absorbed._identifiers)
        {
            Attach(identifier);
        }

        AddOnce(ref _conflicts, absorbed.Conflicts);
        AddOnce(ref _merges, absorbed.Merges);
        AddOnce(ref _links, absorbed.Links);
        AddOnce(ref _shared, absorbed.SharedIdentifiers);
        AddOnce(ref _dismissals, absorbed.Dismissals);
        AddOnce(ref _separations, absorbed.Separations);

        // Only a referent's merge joins people a split kept apart: the split no longer holds between them.
        _separations?.RemoveAll(s => s.From.Any(_identifiers.Contains));

        MergeJourney(absorbed);
        absorbed._identifiers.Clear();
        absorbed._merges = null;
        absorbed._links = null;
        absorbed._shared = null;
        absorbed._dismissals = null;
        absorbed._separations = null;
        absorbed._journey = [];
        absorbed._length = 0;
        absorbed._conflicts = null;
        absorbed.MergedInto = Id;
    }

    private void MergeJourney(Person other)
    {
        var mine = _journey.AsSpan(0, _length).ToArray();
        var theirs = other._journey.AsSpan(0, other._length);
        _journey = new int[mine.Length + theirs.Length];
        _length = 0;
        int i = 0, j = 0;
        while (i < mine.Length || j < theirs.Length)
        {
            var takeMine = j >= theirs.Length || (i < mine.Length && _log[mine[i]].CompareTo(_log[theirs[j]]) <= 0);
            _journey[_length++] = takeMine ? mine[i++] : theirs[j++];
        }
    }

    /// <summary>The notes a person keeps (conflicts, merges, decisions) are sets: most people have none, so the list comes with the first.</summary>
    private static void AddOnce<T>(ref List<T>? list, T item)
    {
        list ??= [];
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }

    private static void AddOnce<T>(ref List<T>? list, IReadOnlyList<T> items)
    {
        foreach (var item in items)
        {
            AddOnce(ref list, item);
        }
    }

    private void Reserve(int size)
    {
        if (_journey.Length < size)
        {
            // Journeys are short: grow gently rather than doubling.
            Array.Resize(ref _journey, Math.Max(size, _journey.Length + 4));
        }
    }
}
