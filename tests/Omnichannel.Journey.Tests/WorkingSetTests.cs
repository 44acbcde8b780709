using CsCheck;
using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>
/// How a store-backed journey service uses the engine: for each interaction, load the owners of its
/// identifiers from the store into a fresh engine, apply, write the result back. It must decide exactly
/// as one engine that holds everything.
/// </summary>
public sealed class WorkingSetTests
{
    /// <summary>A store reduced to what the service needs: people by id, owners by identifier, seen keys.</summary>
    private sealed class Store
    {
        public Dictionary<string, PersonSnapshot> People { get; } = [];

        public Dictionary<Identifier, string> Owners { get; } = [];

        public HashSet<InteractionKey> Seen { get; } = [];

        /// <summary>The store's counter: creation order across every working engine.</summary>
        public long Sequence { get; private set; }

        public ApplyResult? Apply(Interaction interaction)
        {
            if (!Seen.Add(interaction.Key))
            {
                return null;
            }

            var engine = new JourneyEngine(new Domain.Classification.JourneyClassifier(Domain.Classification.ReiterationWindows.Standard), () => Sequence++);
            foreach (var id in interaction.Identifiers.Select(i => Owners.GetValueOrDefault(i)).OfType<string>().Distinct())
            {
                engine.Load(People[id]);
            }

            var result = engine.Apply(interaction);
            foreach (var absorbed in result.Absorbed)
            {
                People.Remove(absorbed);
            }

            // Every person the engine holds is written back, as the journey service does: a refused merge notes a
            // conflict (and may mark an identifier shared) on the owner too.
            foreach (var person in engine.People)
            {
                People[person.Id] = JourneyEngine.Snapshot(person);
                foreach (var identifier in person.Identifiers)
                {
                    Owners[identifier] = person.Id;
                }
            }

            return result;
        }
    }

    [Fact]
    public void Loading_the_owners_of_each_interaction_decides_exactly_as_one_engine_holding_everything()
    {
        Scenario.WithConflicts.Sample(scenario =>
        {
            var whole = new JourneyEngine();
            var store = new Store();
            foreach (var interaction in scenario.Shuffled())
            {
                var expected = whole.Apply(interaction);
                var actual = store.Apply(interaction);

                Assert.NotNull(actual);
                Assert.Equal(expected.PersonId, actual.PersonId);
                Assert.Equal(expected.Absorbed, actual.Absorbed);
                Assert.Equal(expected.Conflicts, actual.Conflicts);
                Assert.Equal(expected.Changes, actual.Changes);
            }

            Assert.Equal(whole.People.Select(p => p.Id).Order(), store.People.Keys.Order());
        }, iter: 1_000);
    }

    [Fact]
    public void A_snapshot_loads_back_into_the_same_person()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("c1", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611111111"), Ids.Tax("1111111111111")));
        engine.Apply(Contact("c2", 2, Channel.Web, "pas.rate", Ids.Tax("1111111111111"), Ids.Account("q1")));
        var person = Assert.Single(engine.People);

        var copy = new JourneyEngine();
        var loaded = copy.Load(JourneyEngine.Snapshot(person));

        Assert.Equal(person.Id, loaded.Id);
        Assert.Equal(person.Entries, loaded.Entries);
        Assert.Equal(person.Identifiers, loaded.Identifiers);
        Assert.Equal(engine.CurrentClassifications(), copy.CurrentClassifications());
        Assert.Throws<InvalidOperationException>(() => copy.Load(JourneyEngine.Snapshot(person)));
    }
}
