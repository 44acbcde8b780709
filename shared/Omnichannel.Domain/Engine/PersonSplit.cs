using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Identity;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// A referent's split of a person (docs/domain.md §2, decisions): the person's interactions and decided
/// links are applied again, in the journey's order, to an empty engine that keeps the leaving identifiers
/// and the remaining ones apart. Interactions follow their identifiers: each goes where its linking
/// identifiers lead (one that carries both sides stays with its highest-priority identifier's side, the
/// other side's identifier recorded as a conflict that names the split). Every person that results keeps
/// the split as a separation, so that nothing merges them again but a referent's merge. The person that
/// holds the highest-priority remaining identifier keeps the person's id and history; the others are new.
/// Pure: the caller loads the person and its interactions, and writes the result.
/// </summary>
public static class PersonSplit
{
    /// <param name="classifier">Classifies the journeys before and after, to report old -> new.</param>
    /// <param name="person">The person to split, as stored.</param>
    /// <param name="interactions">Every interaction of its journey, whole (with identifiers).</param>
    /// <param name="decision">The split: <see cref="ApplyIdentityDecision.Identifiers"/> are those that leave.</param>
    /// <exception cref="ArgumentException">The identifiers are not the person's, or are all of them.</exception>
    public static SplitResult Apply(JourneyClassifier classifier, PersonSnapshot person, IReadOnlyList<Interaction> interactions, ApplyIdentityDecision decision)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(decision);
        var leaving = decision.Identifiers.Select(i => i with { Assurance = IdentifierAssurance.Verified }).ToHashSet();
        if (leaving.Count == 0 || !leaving.All(person.Identifiers.Contains))
        {
            throw new ArgumentException($"Split {decision.DecisionId}: every identifier that leaves must be person {person.Id}'s.", nameof(decision));
        }

        var remaining = person.Identifiers.Where(i => !leaving.Contains(i)).ToHashSet();
        if (remaining.Count == 0)
        {
            throw new ArgumentException($"Split {decision.DecisionId}: at least one identifier must stay with person {person.Id}.", nameof(decision));
        }

        var separation = new Separation(decision.DecisionId, [], decision.DecidedBy, decision.Reason, decision.DecidedAt);
        long sequence = 0;
        var engine = new JourneyEngine(classifier, () => sequence++);
        engine.BeginSplit(leaving, remaining, separation);
        foreach (var step in Replay(interactions, person.Links))
        {
            if (step.Interaction is { } interaction)
            {
                engine.Apply(OwnIdentifiersOnly(interaction, person));
            }
            else
            {
                engine.Decide(step.Link!.ToDecision());
            }
        }

        // Names: the side of the highest-priority remaining identifier keeps the person; the others are new,
        // named by the split and their rank, so that applying the same split again names them alike.
        var people = engine.People
            .OrderBy(p => p.Identifiers.Any(remaining.Contains) ? 0 : 1)
            .ThenBy(p => p.Identifiers.Count == 0 ? int.MaxValue : p.Identifiers.Min(i => IdentifierRules.Priority(i.Type)))
            .ThenBy(p => p.Identifiers.Count == 0 ? "" : p.Identifiers.Min(i => i.Value), StringComparer.Ordinal)
            .ThenBy(p => p.EntryCount == 0 ? "" : p.EntryAt(0).Key.ToString(), StringComparer.Ordinal)
            .ToList();
        // Without one (every interaction that carried a remaining identifier also carried a leaving one of
        // higher priority), the person keeps its remaining identifiers and no journey.
        var main = people.FirstOrDefault(p => p.Identifiers.Any(remaining.Contains));
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (main is not null)
        {
            names[main.Id] = person.Id;
        }

        var rank = 0;
        foreach (var other in people.Where(p => !ReferenceEquals(p, main)))
        {
            names[other.Id] = JourneyEngine.PersonIdFor(new InteractionKey { Source = ApplyIdentityDecision.DecisionSource, Id = $"{decision.DecisionId}/{++rank}" });
        }

        Separation SeparationOf(IEnumerable<Identifier> identifiers) =>
            separation with { From = [.. (identifiers.Any(remaining.Contains) || !identifiers.Any(leaving.Contains) ? leaving : remaining).Order(IdentifierRules.Order)] };

        var results = new List<PersonSnapshot>();
        if (main is null)
        {
            results.Add(new PersonSnapshot(person.Id, person.CreationSequence, [], [], [.. person.Conflicts]) { Merges = person.Merges, Dismissals = person.Dismissals });
        }

        foreach (var resulting in people)
        {
            var id = names[resulting.Id];
            var isMain = ReferenceEquals(resulting, main);
            var conflicts = resulting.Conflicts
                .Where(c => c.SeparatedBy != decision.DecisionId)
                .Select(c => c with { OwnerId = c.OwnerId is null ? null : names.GetValueOrDefault(c.OwnerId, c.OwnerId), OtherPersonId = names.GetValueOrDefault(c.OtherPersonId, c.OtherPersonId) })
                .Concat(person.Conflicts.Where(c => resulting.Identifiers.Contains(c.Identifier) || (isMain && !engine.People.Any(p => p.Identifiers.Contains(c.Identifier)))))
                .Distinct()
                .ToList();
            results.Add(JourneyEngine.Snapshot(resulting) with
            {
                Id = id,
                CreationSequence = isMain ? person.CreationSequence : (long.MaxValue / 2) + results.Count,
                Conflicts = conflicts,
                Merges = isMain ? person.Merges : [],
                Dismissals = isMain ? person.Dismissals : [],
                Separations = [.. person.Separations, SeparationOf(resulting.Identifiers)],
                Links = [.. person.Links.Where(l => l.Identifiers.All(resulting.Identifiers.Contains))],
            });
        }

        // Identifiers that only a refused link carried (an interaction with both sides) are held by nobody after
        // the replay: the remaining ones stay with the person, the leaving ones go to the first person of their
        // side, or to a person of their own, without interactions. Nothing of the person is dropped.
        var held = results.SelectMany(r => r.Identifiers).ToHashSet();
        var leftovers = person.Identifiers.Where(i => !held.Contains(i)).ToList();
        if (leftovers.Count > 0)
        {
            results[0] = results[0] with { Identifiers = [.. results[0].Identifiers, .. leftovers.Where(remaining.Contains)] };
            var gone = leftovers.Where(leaving.Contains).ToList();
            if (gone.Count > 0)
            {
                var side = results.FindIndex(r => r.Identifiers.Any(leaving.Contains) && !r.Identifiers.Any(remaining.Contains));
                if (side >= 0)
                {
                    results[side] = results[side] with { Identifiers = [.. results[side].Identifiers, .. gone] };
                }
                else
                {
                    var id = JourneyEngine.PersonIdFor(new InteractionKey { Source = ApplyIdentityDecision.DecisionSource, Id = $"{decision.DecisionId}/{++rank}" });
                    results.Add(new PersonSnapshot(id, (long.MaxValue / 2) + results.Count, gone, [], []) { Separations = [.. person.Separations, SeparationOf(gone)] });
                }
            }
        }

        if (main is null)
        {
            results[0] = results[0] with { Separations = [.. person.Separations, SeparationOf(results[0].Identifiers)] };
        }

        // A shared identifier stays shared with whoever holds it now.
        for (var i = 0; i < results.Count; i++)
        {
            results[i] = results[i] with { SharedIdentifiers = [.. person.SharedIdentifiers.Where(results[i].Identifiers.Contains)] };
        }

        var owners = new Dictionary<InteractionKey, string>();
        foreach (var interaction in interactions)
        {
            owners[interaction.Key] = names[engine.FindByInteraction(interaction.Key)!.Id];
        }

        return new SplitResult(results[0], results.Skip(1).ToList(), owners, Changes(classifier, person, results));
    }

    /// <summary>
    /// The interaction as the replay sees it: an identifier that links but is not the person's (a merge it
    /// asked for was refused, and the identifier stayed with its owner) is left out, so that the replay
    /// never gives the person what another holds.
    /// </summary>
    private static Interaction OwnIdentifiersOnly(Interaction interaction, PersonSnapshot person)
    {
        var address = IdentityLinks.AddressOf(interaction.Channel);
        List<Identifier> kept = [.. interaction.Identifiers.Where(i =>
            (person.Identifiers.Contains(i) && !person.SharedIdentifiers.Contains(i)) || (i.IsDeclared && i.Type != address))];
        return kept.Count == interaction.Identifiers.Count || kept.Count == 0 ? interaction : interaction with { Identifiers = kept };
    }

    /// <summary>Old -> new for every classification of the person's journey that the split changed.</summary>
    private static List<ClassificationChange> Changes(JourneyClassifier classifier, PersonSnapshot before, List<PersonSnapshot> after)
    {
        var old = classifier.Classify([.. before.Journey]).OfType<InteractionClassification>().ToDictionary(c => c.Key);
        var changes = new List<ClassificationChange>();
        foreach (var person in after)
        {
            foreach (var current in classifier.Classify([.. person.Journey]).OfType<InteractionClassification>())
            {
                var previous = old.GetValueOrDefault(current.Key);
                if (!Equals(previous, current))
                {
                    changes.Add(new ClassificationChange { Old = previous, New = current });
                }
            }
        }

        return changes;
    }

    /// <summary>Interactions and decided links in the order they happened (a link at its decision's instant).</summary>
    private static IEnumerable<(Interaction? Interaction, DecidedLink? Link)> Replay(IReadOnlyList<Interaction> interactions, IReadOnlyList<DecidedLink> links) =>
        interactions.Select(i => (At: i.OccurredAt, Key: i.Key, Step: ((Interaction?)i, (DecidedLink?)null)))
            .Concat(links.Select(l => (At: l.At, Key: new InteractionKey { Source = ApplyIdentityDecision.DecisionSource, Id = l.DecisionId }, Step: ((Interaction?)null, (DecidedLink?)l))))
            .OrderBy(s => s.At.UtcTicks)
            .ThenBy(s => s.Key)
            .Select(s => s.Step);
}
