using CsCheck;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>docs/domain.md §2, decisions: a referent's split and merge (worked example G).</summary>
public sealed class SplitTests
{
    private const string Motive = "income-tax.question";
    private static readonly JourneyClassifier Classifier = new(ReiterationWindows.Standard);

    /// <summary>A husband's account and the family phone; the wife's email joined through a form that named the phone; then her own email.</summary>
    private static List<Interaction> WrongMerge() =>
    [
        Contact("g-web", 0, Channel.Web, Motive, Ids.Account("a1"), Ids.Phone("+33611111111")),
        Contact("g-call", 2, Channel.Phone, Motive, Declared.Of(Ids.Phone("+33611111111"))),
        Contact("g-form", 3, Channel.Web, Motive, Ids.Email("w@example.fr"), Ids.Phone("+33611111111")),
        Contact("g-mail", 4, Channel.Email, Motive, Ids.Email("w@example.fr")),
    ];

    private static ApplyIdentityDecision Decision(string id, IdentityDecisionKind kind, string? personId, params Identifier[] identifiers) => new()
    {
        DecisionId = id,
        Kind = kind,
        PersonId = personId,
        Identifiers = identifiers,
        DecidedBy = "referent-1",
        Reason = "two spouses on one family phone",
        DecidedAt = Day(10),
    };

    private static (JourneyEngine Engine, Person Person) Build(IEnumerable<Interaction> interactions)
    {
        var engine = new JourneyEngine();
        engine.ApplyAll(interactions);
        return (engine, Assert.Single(engine.People));
    }

    private static List<Interaction> Of(JourneyEngine engine, Person person, IEnumerable<Interaction> interactions) =>
        [.. interactions.Where(i => engine.FindByInteraction(i.Key) == person)];

    [Fact]
    public void Example_G_a_split_moves_the_interactions_that_follow_the_leaving_identifiers_and_changes_their_classifications()
    {
        var interactions = WrongMerge();
        var (engine, person) = Build(interactions);
        Assert.Equal(ContactKind.Reiteration, engine.Classification("g-mail").Kind);
        var before = engine.CurrentClassifications();

        var split = PersonSplit.Apply(Classifier, JourneyEngine.Snapshot(person), interactions, Decision("s-1", IdentityDecisionKind.Split, person.Id, Ids.Email("w@example.fr")));

        Assert.Equal(person.Id, split.Kept.Id);
        Assert.Equal([Ids.Phone("+33611111111"), Ids.Account("a1")], split.Kept.Identifiers.Order(Comparer<Identifier>.Create(Domain.Identity.IdentifierRules.Compare)).Reverse());
        var wife = Assert.Single(split.Made);
        Assert.Equal([Ids.Email("w@example.fr")], wife.Identifiers);
        // The form carried both sides: it stays with the phone's side; the wife's own email goes with her.
        Assert.Equal(["g-web", "g-call", "g-form"], split.Kept.Journey.Select(e => e.Key.Id));
        Assert.Equal(["g-mail"], wife.Journey.Select(e => e.Key.Id));
        Assert.Equal(wife.Id, split.Owners[Key("g-mail")]);
        // Her email is a first contact now, of her own demand; both people keep the split.
        var mail = Assert.Single(split.Changes, c => c.New.Key == Key("g-mail"));
        Assert.Equal((ContactKind.Reiteration, ContactKind.FirstContact), (mail.Old!.Kind, mail.New.Kind));
        Assert.All([split.Kept, wife], p => Assert.Equal("s-1", Assert.Single(p.Separations).DecisionId));
        // The changes applied to the classifications before give exactly those of the journeys after.
        foreach (var change in split.Changes)
        {
            before[change.New.Key] = change.New;
        }

        var after = new[] { split.Kept, wife }.SelectMany(p => Classifier.Classify([.. p.Journey]).OfType<InteractionClassification>()).ToDictionary(c => c.Key);
        Assert.Equal(after, before);
    }

    [Fact]
    public void People_a_split_separated_are_never_merged_again_automatically_until_a_referent_merges_them()
    {
        var interactions = WrongMerge();
        var (_, person) = Build(interactions);
        var split = PersonSplit.Apply(Classifier, JourneyEngine.Snapshot(person), interactions, Decision("s-1", IdentityDecisionKind.Split, person.Id, Ids.Email("w@example.fr")));
        var after = new JourneyEngine();
        after.Load(split.Kept);
        after.Load(split.Made[0]);

        var again = after.Apply(Contact("g-again", 12, Channel.Web, Motive, Ids.Email("w@example.fr"), Ids.Phone("+33611111111")));

        Assert.Equal(2, after.People.Count);
        var conflict = Assert.Single(again.Conflicts);
        Assert.Equal("s-1", conflict.SeparatedBy);

        var verified = after.Decide(Decision("v-1", IdentityDecisionKind.IdentityVerified, null, Ids.Email("w@example.fr"), Ids.Account("a1")));
        Assert.Equal(2, after.People.Count);
        Assert.Equal("s-1", Assert.Single(verified.Conflicts).SeparatedBy);

        var merged = after.Decide(Decision("m-1", IdentityDecisionKind.Merge, null, Ids.Email("w@example.fr"), Ids.Account("a1")));
        var one = Assert.Single(after.People);
        Assert.Single(merged.Absorbed);
        Assert.Empty(one.Separations);
        Assert.Equal(("referent-1", IdentityDecisionKind.Merge), (one.Merges[^1].DecidedBy, one.Merges[^1].Decision));
    }

    [Fact]
    public void A_split_keeps_every_identifier_and_an_identifier_only_a_mixed_interaction_carried_leaves_alone()
    {
        List<Interaction> interactions =
        [
            Contact("h-1", 0, Channel.Web, Motive, Ids.Tax("1111111111111"), Ids.Email("h@example.fr")),
            Contact("h-2", 1, Channel.Web, Motive, Ids.Tax("1111111111111")),
        ];
        var (_, person) = Build(interactions);

        var split = PersonSplit.Apply(Classifier, JourneyEngine.Snapshot(person), interactions, Decision("s-2", IdentityDecisionKind.Split, person.Id, Ids.Email("h@example.fr")));

        var alone = Assert.Single(split.Made);
        Assert.Equal([Ids.Email("h@example.fr")], alone.Identifiers);
        Assert.Empty(alone.Journey);
        Assert.Equal(2, split.Kept.Journey.Count);
        Assert.Empty(split.Changes);
    }

    [Fact]
    public void A_split_must_name_identifiers_of_the_person_and_leave_it_one()
    {
        var interactions = WrongMerge();
        var (_, person) = Build(interactions);
        var snapshot = JourneyEngine.Snapshot(person);

        Assert.Throws<ArgumentException>(() => PersonSplit.Apply(Classifier, snapshot, interactions, Decision("s-3", IdentityDecisionKind.Split, person.Id, Ids.Email("other@example.fr"))));
        Assert.Throws<ArgumentException>(() => PersonSplit.Apply(Classifier, snapshot, interactions, Decision("s-4", IdentityDecisionKind.Split, person.Id, [.. snapshot.Identifiers])));
    }

    [Fact]
    public void A_split_and_the_interactions_that_follow_decide_alike_in_any_order_and_its_changes_equal_the_recomputation()
    {
        Gen.Select(Scenario.WithDeclared, Gen.Int[0, 1000]).Sample(pair =>
        {
            var (scenario, pick) = pair;
            var engine = Run(scenario.Interactions);
            var person = engine.People.Where(p => p.Identifiers.Count >= 2).OrderBy(p => p.Id, StringComparer.Ordinal).Skip(pick % Math.Max(1, engine.People.Count(p => p.Identifiers.Count >= 2))).FirstOrDefault();
            if (person is null)
            {
                return;
            }

            var mine = Of(engine, person, scenario.Interactions);
            var leaving = person.Identifiers.Where((_, i) => ((pick >> i) & 1) == 1).ToList();
            if (leaving.Count == 0 || leaving.Count == person.Identifiers.Count)
            {
                leaving = [person.Identifiers[^1]];
            }

            var before = engine.CurrentClassifications();
            var split = PersonSplit.Apply(Classifier, JourneyEngine.Snapshot(person), mine, Decision("s-p", IdentityDecisionKind.Split, person.Id, [.. leaving]));
            var people = new[] { split.Kept }.Concat(split.Made).ToList();

            // Nothing lost, nothing twice: every identifier and every interaction in exactly one person.
            Assert.Equal(person.Identifiers.Order(Comparer<Identifier>.Create(Domain.Identity.IdentifierRules.Compare)), people.SelectMany(p => p.Identifiers).Order(Comparer<Identifier>.Create(Domain.Identity.IdentifierRules.Compare)));
            Assert.Equal(mine.Select(i => i.Key).Order(), people.SelectMany(p => p.Journey.Select(e => e.Key)).Order());
            
            // The split's changes applied to the classifications before give those of the journeys after.
            foreach (var change in split.Changes)
            {
                before[change.New.Key] = change.New;
            }

            var others = engine.People.Where(p => p != person).SelectMany(p => engine.Classify(p).OfType<InteractionClassification>());
            var after = people.SelectMany(p => Classifier.Classify([.. p.Journey]).OfType<InteractionClassification>()).Concat(others).ToDictionary(c => c.Key);
            Assert.Equal(after, before);
            // The same split applied again gives the same people (a redelivery, another replica).
            var again = PersonSplit.Apply(Classifier, JourneyEngine.Snapshot(person), mine, Decision("s-p", IdentityDecisionKind.Split, person.Id, [.. leaving]));
            Assert.Equal(people.Select(p => (p.Id, string.Join(",", p.Journey.Select(e => e.Key)))), new[] { again.Kept }.Concat(again.Made).Select(p => (p.Id, string.Join(",", p.Journey.Select(e => e.Key)))));
        }, iter: 300);
    }

    private static JourneyEngine Run(IEnumerable<Interaction> interactions)
    {
        var engine = new JourneyEngine();
        engine.ApplyAll(interactions);
        return engine;
    }

    [Fact]
    public void A_referent_merge_of_the_two_sides_of_a_split_rejoins_them_with_the_journey_of_before()
    {
        var interactions = WrongMerge();
        var (engine, person) = Build(interactions);
        var before = engine.CurrentClassifications();
        var split = PersonSplit.Apply(Classifier, JourneyEngine.Snapshot(person), interactions, Decision("s-1", IdentityDecisionKind.Split, person.Id, Ids.Email("w@example.fr")));
        var after = new JourneyEngine();
        after.Load(split.Kept);
        after.Load(split.Made[0]);

        var merged = after.Decide(Decision("m-1", IdentityDecisionKind.Merge, null, Ids.Account("a1"), Ids.Email("w@example.fr")));

        Assert.Single(merged.Absorbed);
        Assert.Equal(before, after.CurrentClassifications());
    }
}
