using Omnichannel.Contracts;
using Omnichannel.Journey.Classification;
using Omnichannel.Journey.Identity;

namespace Omnichannel.Journey.Engine;

/// <summary>
/// One citizen as the engine knows them: identifiers, journey (sorted by the total order) with the
/// current classification of each entry, and refused merges. A merged person keeps only a redirect.
/// </summary>
public sealed class Person
{
    private readonly List<Identifier> _identifiers = [];
    private readonly List<JourneyEntry> _entries = [];
    private readonly List<InteractionClassification?> _classifications = [];
    private readonly List<IdentityConflict> _conflicts = [];
    private readonly string?[] _strongValues = new string?[3];

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

    /// <summary>Parallel to <see cref="Entries"/>: null for entries that are not classified.</summary>
    public IReadOnlyList<InteractionClassification?> Classifications => _classifications;

    public IReadOnlyList<IdentityConflict> Conflicts => _conflicts;

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
        _classifications.Insert(index, null);
        return index;
    }

    /// <summary>Moves everything of <paramref name="absorbed"/> here, keeping each entry's classification until recomputed.</summary>
    internal void Absorb(Person absorbed)
    {
        foreach (var identifier in absorbed._identifiers)
        {
            Attach(identifier);
        }

        foreach (var conflict in absorbed._conflicts)
        {
            AddConflict(conflict);
        }

        MergeEntries(absorbed);
        absorbed._identifiers.Clear();
        absorbed._entries.Clear();
        absorbed._classifications.Clear();
        absorbed._conflicts.Clear();
        absorbed.MergedInto = Id;
    }

    internal void ReplaceClassification(int index, InteractionClassification? classification) =>
        _classifications[index] = classification;

    private void MergeEntries(Person other)
    {
        var entries = new List<JourneyEntry>(_entries.Count + other._entries.Count);
        var classifications = new List<InteractionClassification?>(entries.Capacity);
        int i = 0, j = 0;
        while (i < _entries.Count || j < other._entries.Count)
        {
            var takeMine = j >= other._entries.Count || (i < _entries.Count && _entries[i].CompareTo(other._entries[j]) <= 0);
            if (takeMine)
            {
                entries.Add(_entries[i]);
                classifications.Add(_classifications[i++]);
            }
            else
            {
                entries.Add(other._entries[j]);
                classifications.Add(other._classifications[j++]);
            }
        }

        _entries.Clear();
        _entries.AddRange(entries);
        _classifications.Clear();
        _classifications.AddRange(classifications);
    }
}
