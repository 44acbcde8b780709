using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;
using Omnichannel.Journey.Identity;

namespace Omnichannel.Journey.Engine;

/// <summary>
/// One citizen as the engine knows them: identifiers, journey (sorted by the total order) and refused
/// merges. A merged person keeps only a redirect. Classifications are not kept: they are a function of
/// the journey, cheaper to recompute than to hold (see <see cref="JourneyEngine"/>).
/// </summary>
public sealed class Person
{
    private readonly List<Identifier> _identifiers = [];
    private readonly List<JourneyEntry> _entries = [];
    private readonly string?[] _strongValues = new string?[3];
    private List<IdentityConflict>? _conflicts;

    internal Person(string id, long creationSequence)
    {
        Id = id;
        CreationSequence = creationSequence;
    }

    public string Id { get; }

    /// <summary>Orders people by creation: the survivor of a merge is the one created first.</summary>
    public long CreationSequence { get; }

    /// <summary>Set once this person was merged into another.</summary>
    public string? MergedInto { get; private set; }

    public IReadOnlyList<Identifier> Identifiers => _identifiers;

    public IReadOnlyList<JourneyEntry> Entries => _entries;

    /// <summary>The journey without copies, for the classifier.</summary>
    public ReadOnlySpan<JourneyEntry> EntrySpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_entries);

    public IReadOnlyList<IdentityConflict> Conflicts => _conflicts ?? (IReadOnlyList<IdentityConflict>)[];

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
        _identifiers.Add(identifier);
        if (IdentifierRules.IsStrong(identifier.Type))
        {
            _strongValues[IdentifierRules.Priority(identifier.Type)] = identifier.Value;
        }
    }

    internal void AddConflict(IdentityConflict conflict)
    {
        _conflicts ??= [];
        if (!_conflicts.Contains(conflict))
        {
            _conflicts.Add(conflict);
        }
    }

    internal int Insert(JourneyEntry entry)
    {
        var index = _entries.BinarySearch(entry);
        index = index < 0 ? ~index : index;
        _entries.Insert(index, entry);
        return index;
    }

    /// <summary>Moves everything of <paramref name="absorbed"/> here.</summary>
    internal void Absorb(Person absorbed)
    {
        foreach (var identifier in absorbed._identifiers)
        {
            Attach(identifier);
        }

        foreach (var conflict in absorbed.Conflicts)
        {
            AddConflict(conflict);
        }

        MergeEntries(absorbed);
        absorbed._identifiers.Clear();
        absorbed._entries.Clear();
        absorbed._conflicts = null;
        absorbed.MergedInto = Id;
    }

    private void MergeEntries(Person other)
    {
        var mine = _entries.ToArray();
        _entries.Clear();
        _entries.EnsureCapacity(mine.Length + other._entries.Count);
        int i = 0, j = 0;
        while (i < mine.Length || j < other._entries.Count)
        {
            var takeMine = j >= other._entries.Count || (i < mine.Length && mine[i].CompareTo(other._entries[j]) <= 0);
            _entries.Add(takeMine ? mine[i++] : other._entries[j++]);
        }
    }
}
