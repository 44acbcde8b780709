using CsCheck;
using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Tests.Support;
using Xunit;

namespace Omnichannel.Journey.Tests;

/// <summary>The laws of DOMAIN §2-§3, over at least 1,000 generated journeys each.</summary>
public sealed class PropertyTests
{
    private const int Cases = 1_000;

    private static JourneyEngine Run(IEnumerable<Interaction> interactions)
    {
        var engine = new JourneyEngine();
        foreach (var interaction in interactions)
        {
            engine.Apply(interaction);
        }

        return engine;
    }

    [Fact]
    public void Any_arrival_order_gives_identical_people_and_classifications()
    {
        Scenario.Conflictless.Sample(scenario =>
        {
            var inOrder = Run(scenario.Interactions);
            var shuffled = Run(scenario.Shuffled());

            Assert.Equal(inOrder.Partition(), shuffled.Partition());
            Assert.Equal(inOrder.CurrentClassifications(), shuffled.CurrentClassifications());
        }, iter: Cases);
    }

    [Fact]
    public void A_cleared_engine_decides_as_a_new_one()
    {
        Gen.Select(Scenario.WithConflicts, Scenario.WithConflicts).Sample(pair =>
        {
            var (before, scenario) = pair;
            var reused = Run(before.Interactions);
            reused.Clear();
            var fresh = new JourneyEngine();

            Assert.Empty(reused.People);
            foreach (var interaction in scenario.Shuffled())
            {
                var (expected, actual) = (fresh.Apply(interaction), reused.Apply(interaction));
                Assert.Equal((expected.Status, expected.PersonId), (actual.Status, actual.PersonId));
                Assert.Equal(expected.Changes, actual.Changes);
                Assert.Equal(expected.Absorbed, actual.Absorbed);
                Assert.Equal(expected.Conflicts, actual.Conflicts);
            }

            Assert.Equal(fresh.Partition(), reused.Partition());
            Assert.Equal(fresh.CurrentClassifications(), reused.CurrentClassifications());
        }, iter: Cases);
    }

    [Fact]
    public void A_cleared_engine_that_held_many_entries_decides_as_a_new_one()
    {
        // Entries beyond the engine's first blocks of storage: refilled from the first block after a clear.
        var interactions = Enumerable.Range(0, 30_000)
            .Select(i => Journeys.Contact($"i{i}", i / 1_000.0, (Channel)(i % 5), $"motive{i % 7}", Ids.Phone($"+3360000{i % 3_000:D4}")))
            .ToList();
        var reused = Run(interactions);
        reused.Clear();
        foreach (var interaction in interactions.Take(20_000))
        {
            reused.Apply(interaction);
        }

        var fresh = Run(interactions.Take(20_000));
        Assert.Equal(fresh.Partition(), reused.Partition());
        Assert.Equal(fresh.CurrentClassifications(), reused.CurrentClassifications());
        Assert.All(fresh.People, p => Assert.Equal(p.Entries, reused.FindPerson(p.Id)!.Entries));
    }

    [Fact]
    public void Duplicates_change_nothing()
    {
        Scenario.WithConflicts.Sample(scenario =>
        {
            var once = Run(scenario.Interactions);
            var withDuplicates = new JourneyEngine();
            var random = new Random(scenario.Seed);
            var seen = new List<Interaction>();
            foreach (var interaction in scenario.Interactions)
            {
                withDuplicates.Apply(interaction);
                seen.Add(interaction);
                while (random.Next(3) == 0)
                {
                    var again = withDuplicates.Apply(seen[random.Next(seen.Count)]);
                    Assert.Equal(ApplyStatus.Duplicate, again.Status);
                    Assert.Empty(again.Changes);
                }
            }

            Assert.Equal(once.Partition(), withDuplicates.Partition());
            Assert.Equal(once.CurrentClassifications(), withDuplicates.CurrentClassifications());
        }, iter: Cases);
    }

    [Fact]
    public void Deltas_summed_equal_a_full_recomputation()
    {
        Scenario.WithConflicts.Sample(scenario =>
        {
            var engine = new JourneyEngine();
            var folded = new Dictionary<InteractionKey, InteractionClassification>();
            foreach (var interaction in scenario.Shuffled())
            {
                foreach (var change in engine.Apply(interaction).Changes)
                {
                    // Every old value is what the deltas so far said: a subscriber can subtract it.
                    Assert.Equal(folded.GetValueOrDefault(change.New.Key), change.Old);
                    folded[change.New.Key] = change.New;
                }
            }

            Assert.Equal(engine.CurrentClassifications(), folded);
        }, iter: Cases);
    }

    [Fact]
    public void People_are_the_connected_components_of_the_identifier_graph()
    {
        Scenario.Conflictless.Sample(scenario =>
        {
            var engine = Run(scenario.Shuffled());

            Assert.Equal(Components(scenario.Interactions), engine.Partition());
            var identifiers = engine.People.SelectMany(p => p.Identifiers).ToList();
            Assert.Equal(identifiers.Count, identifiers.Distinct().Count());
        }, iter: Cases);
    }

    [Fact]
    public void With_conflicts_no_person_holds_two_values_of_a_strong_type_and_nothing_is_lost()
    {
        Scenario.WithConflicts.Sample(scenario =>
        {
            var engine = Run(scenario.Shuffled());

            foreach (var person in engine.People)
            {
                Assert.All(person.Identifiers.GroupBy(i => i.Type).Where(g => Domain.Identity.IdentifierRules.IsStrong(g.Key)), g => Assert.Single(g));
            }

            Assert.Equal(scenario.Interactions.Count, engine.People.Sum(p => p.Entries.Count));
        }, iter: Cases);
    }

    [Fact]
    public void With_declared_identifiers_any_arrival_order_and_duplicates_give_identical_people_and_classifications()
    {
        Scenario.WithDeclared.Sample(scenario =>
        {
            var inOrder = Run(scenario.Interactions);
            var shuffled = Run(scenario.Shuffled().Concat(scenario.Interactions.Where((_, i) => i % 3 == 0)));

            Assert.Equal(inOrder.Partition(), shuffled.Partition());
            Assert.Equal(inOrder.CurrentClassifications(), shuffled.CurrentClassifications());
        }, iter: Cases);
    }

    [Fact]
    public void People_are_the_components_of_the_verified_graph_and_a_declared_identifier_never_mixes_two_citizens()
    {
        Scenario.WithDeclared.Sample(scenario =>
        {
            var engine = Run(scenario.Shuffled());

            Assert.Equal(Components(scenario.Interactions.Select(i => i with { Identifiers = OracleLinking(i) }).ToList()), engine.Partition());
            var citizenOf = scenario.Interactions.Select((interaction, n) => (interaction.Key, Citizen: scenario.Citizens[n])).ToDictionary(p => p.Key, p => p.Citizen);
            foreach (var person in engine.People)
            {
                Assert.Single(person.Entries.Select(e => citizenOf[e.Key]).Distinct());
            }
        }, iter: Cases);
    }

    [Fact]
    public void With_decided_links_interleaved_anywhere_any_order_and_duplicates_give_the_same_people_and_classifications_and_deltas_that_sum_to_them()
    {
        Gen.Select(Scenario.WithDeclared, Gen.Int).Sample(pair =>
        {
            var (scenario, seed) = pair;
            var random = new Random(seed);
            // An advisor or a referent links two identifiers of one true citizen, a few times.
            var decisions = Enumerable.Range(0, 3).Select(n =>
            {
                var interaction = scenario.Interactions[random.Next(scenario.Interactions.Count)];
                var citizen = scenario.Citizens[scenario.Interactions.ToList().IndexOf(interaction)];
                var own = scenario.Interactions.Where((_, i) => scenario.Citizens[i] == citizen).SelectMany(i => i.Identifiers)
                    .Where(i => i.Type != IdentifierType.TaxId || i.Value == $"{citizen + 1:D13}").Distinct().ToList();
                return new ApplyIdentityDecision
                {
                    DecisionId = $"d-{n}",
                    Kind = n == 0 ? IdentityDecisionKind.IdentityVerified : IdentityDecisionKind.Merge,
                    Identifiers = [own[random.Next(own.Count)], own[random.Next(own.Count)]],
                    DecidedBy = "referent-1",
                    Reason = "test",
                    DecidedAt = Journeys.Day0,
                };
            }).Where(d => !d.Identifiers[0].Equals(d.Identifiers[1])).ToList();

            JourneyEngine Play(IEnumerable<object> steps)
            {
                var engine = new JourneyEngine();
                var folded = new Dictionary<InteractionKey, InteractionClassification>();
                foreach (var step in steps)
                {
                    var result = step is Interaction interaction ? engine.Apply(interaction) : engine.Decide((ApplyIdentityDecision)step);
                    foreach (var change in result.Changes)
                    {
                        // A decision's old -> new, like an interaction's, is what a dashboard subtracts and adds.
                        Assert.Equal(folded.GetValueOrDefault(change.New.Key), change.Old);
                        folded[change.New.Key] = change.New;
                    }
                }

                Assert.Equal(engine.CurrentClassifications(), folded);
                return engine;
            }

            var first = Play([.. scenario.Interactions, .. decisions]);
            var steps = scenario.Shuffled().Cast<object>().Concat(decisions).Concat(scenario.Interactions.Take(3)).ToList();
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(steps));
            var second = Play(steps);

            Assert.Equal(first.Partition(), second.Partition());
            Assert.Equal(first.CurrentClassifications(), second.CurrentClassifications());
        }, iter: Cases);
    }

    /// <summary>The rule of docs/domain.md §2 written again, independently: verified identifiers, else the channel's address, else none.</summary>
    private static List<Identifier> OracleLinking(Interaction interaction)
    {
        var verified = interaction.Identifiers.Where(i => i.Assurance == IdentifierAssurance.Verified).ToList();
        if (verified.Count > 0)
        {
            return verified;
        }

        var address = interaction.Channel switch
        {
            Channel.Phone or Channel.Sms => IdentifierType.Phone,
            Channel.Email => IdentifierType.Email,
            Channel.Web or Channel.Chat => IdentifierType.Cookie,
            _ => (IdentifierType?)null,
        };
        return [.. interaction.Identifiers.Where(i => i.Type == address).Take(1)];
    }

    /// <summary>Union-find over identifiers posted together; each component's interactions, canonically ordered.</summary>
    private static List<string> Components(IReadOnlyList<Interaction> interactions)
    {
        var parent = new Dictionary<Identifier, Identifier>();
        Identifier Find(Identifier x)
        {
            while (!parent[x].Equals(x))
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        foreach (var interaction in interactions.Where(i => i.Identifiers.Count > 0))
        {
            foreach (var id in interaction.Identifiers)
            {
                parent.TryAdd(id, id);
            }

            var root = Find(interaction.Identifiers[0]);
            foreach (var id in interaction.Identifiers.Skip(1))
            {
                parent[Find(id)] = root;
                root = Find(root);
            }
        }

        // An interaction with nothing that links is a component of its own.
        return interactions
            .GroupBy(i => i.Identifiers.Count > 0 ? Find(i.Identifiers[0]).ToString() : "alone:" + i.Key)
            .Select(g => string.Join(",", g.Select(i => i.Key.ToString()).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
