using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Identity;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>docs/domain.md §2, who vouches for an identifier: the rule, and worked examples D, E and F.</summary>
public sealed class AssuranceTests
{
    private const string Question = "income-tax.question";
    private const string TaxNumber = "1234567890123";

    [Fact]
    public void Example_D_a_caller_who_keys_someone_elses_tax_number_merges_nothing_and_gets_no_history()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("d-web", 0, Channel.Web, Question, Ids.Account("v1"), Ids.Tax(TaxNumber)));
        var taxpayer = engine.FindByIdentifier(Ids.Tax(TaxNumber))!;
        var before = JourneyEngine.Snapshot(taxpayer);
        var classificationsBefore = engine.Classify(taxpayer);

        var typed = engine.Apply(Contact("d-call", 1, Channel.Phone, Question, Declared.Of(Ids.Phone("+33611111111")), Declared.Of(Ids.Tax(TaxNumber))));
        var again = engine.Apply(Contact("d-call-2", 2, Channel.Phone, Question, Declared.Of(Ids.Phone("+33611111111"))));

        Assert.Equal(2, engine.People.Count);
        Assert.Empty(typed.Absorbed);
        Assert.NotEqual(taxpayer.Id, typed.PersonId);
        Assert.Equal(typed.PersonId, again.PersonId);
        var phone = engine.FindPerson(typed.PersonId)!;
        Assert.Equal([Ids.Phone("+33611111111")], phone.Identifiers);
        Assert.Same(phone, engine.FindByIdentifier(Ids.Phone("+33611111111")));
        Assert.Same(taxpayer, engine.FindByIdentifier(Ids.Tax(TaxNumber)));
        // The taxpayer is exactly as before the calls: identifiers, journey, classifications.
        Assert.Equal(before.Identifiers, taxpayer.Identifiers);
        Assert.Equal(before.Journey, taxpayer.Entries);
        Assert.Equal(classificationsBefore, engine.Classify(taxpayer));
        // The typed tax number is a claim: declared, not linking, held by someone else.
        var call = Contact("d-call", 1, Channel.Phone, Question, Declared.Of(Ids.Phone("+33611111111")), Declared.Of(Ids.Tax(TaxNumber)));
        Assert.Equal([Declared.Of(Ids.Tax(TaxNumber))], IdentityLinks.Informing(call.Identifiers, call.Channel));
        // The second call reiterates the first, on the phone's own journey.
        Assert.Equal(ContactKind.Reiteration, engine.Classification("d-call-2").Kind);
    }

    [Fact]
    public void Example_E_a_declared_phone_that_a_verified_link_gave_a_citizen_routes_their_calls_to_them()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("e-web", 0, Channel.Web, Question, Ids.Account("a1"), Ids.Phone("+33622222222")));
        var call = engine.Apply(Contact("e-call", 2, Channel.Phone, Question, Declared.Of(Ids.Phone("+33622222222"))));

        var person = Assert.Single(engine.People);
        Assert.Equal(person.Id, call.PersonId);
        var classification = engine.Classification("e-call");
        Assert.Equal(ContactKind.Reiteration, classification.Kind);
        Assert.Equal(Channel.Web, classification.PredecessorChannel);
        Assert.True(classification.CrossChannel);
    }

    [Fact]
    public void Example_F_a_merge_records_the_absorbed_person_the_identifier_the_interaction_and_its_instant()
    {
        var engine = new JourneyEngine();
        var phone = engine.Apply(Contact("c-phone", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611223344")));
        var web = engine.Apply(Contact("c-web", 1, Channel.Web, "pas.rate", Ids.Account("a9")));
        engine.Apply(Contact("c-link", 3, Channel.Phone, "pas.rate", Ids.Phone("+33611223344"), Ids.Account("a9")));

        var person = Assert.Single(engine.People);
        Assert.Equal(phone.PersonId, person.Id);
        var record = Assert.Single(person.Merges);
        Assert.Equal(new MergeRecord(phone.PersonId, web.PersonId, Ids.Account("a9"), Key("c-link"), Day(3)), record);
        Assert.Equal(person.Merges, JourneyEngine.Snapshot(person).Merges);
    }

    [Fact]
    public void Merge_records_follow_a_survivor_that_is_merged_in_turn()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("m-1", 0, Channel.Phone, Question, Ids.Phone("+33611111111")));
        engine.Apply(Contact("m-2", 1, Channel.Email, Question, Ids.Email("m@example.fr")));
        engine.Apply(Contact("m-3", 2, Channel.Web, Question, Ids.Account("m")));
        engine.Apply(Contact("m-4", 3, Channel.Email, Question, Ids.Email("m@example.fr"), Ids.Account("m")));
        engine.Apply(Contact("m-5", 4, Channel.Phone, Question, Ids.Phone("+33611111111"), Ids.Account("m")));

        var person = Assert.Single(engine.People);
        Assert.Equal([Key("m-4"), Key("m-5")], person.Merges.Select(m => m.Interaction));
        Assert.All(person.Merges, m => Assert.NotEqual(person.Id, m.AbsorbedId));
    }

    [Fact]
    public void Declared_identifiers_never_merge_two_existing_people()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("x-1", 0, Channel.Web, Question, Ids.Account("a"), Ids.Phone("+33611111111")));
        engine.Apply(Contact("x-2", 0, Channel.Web, Question, Ids.Account("b"), Ids.Email("b@example.fr")));

        // An email that names both: its sender is b's, the phone written in it is a's.
        var both = engine.Apply(Contact("x-3", 1, Channel.Email, Question, Declared.Of(Ids.Email("b@example.fr")), Declared.Of(Ids.Phone("+33611111111"))));

        Assert.Equal(2, engine.People.Count);
        Assert.Empty(both.Absorbed);
        Assert.Equal(engine.FindByIdentifier(Ids.Account("b"))!.Id, both.PersonId);
    }

    [Fact]
    public void A_declared_identifier_nobody_holds_is_not_attached_beside_a_verified_one()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("y-1", 0, Channel.Web, Question, Ids.Account("a"), Declared.Of(Ids.Phone("+33611111111"))));
        var call = engine.Apply(Contact("y-2", 1, Channel.Phone, Question, Declared.Of(Ids.Phone("+33611111111"))));

        Assert.Equal(2, engine.People.Count);
        Assert.Null(engine.FindByIdentifier(Ids.Phone("+33611111111"))!.Identifiers.FirstOrDefault(i => i.Type == IdentifierType.AccountId));
        Assert.NotEqual(engine.FindByIdentifier(Ids.Account("a"))!.Id, call.PersonId);
    }

    [Fact]
    public void A_declared_identifier_never_takes_one_from_its_owner_and_a_verified_mention_wins_in_the_same_interaction()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("z-1", 0, Channel.Web, Question, Ids.Account("a"), Ids.Phone("+33611111111")));
        engine.Apply(Contact("z-2", 1, Channel.Sms, Question, Declared.Of(Ids.Phone("+33611111111")), Declared.Of(Ids.Account("b"))));
        var twice = engine.Apply(Contact("z-3", 2, Channel.Web, Question, Declared.Of(Ids.Account("c")), Ids.Account("c"), Ids.Cookie("k")));

        Assert.Equal(engine.FindByIdentifier(Ids.Account("a")), engine.FindByIdentifier(Ids.Phone("+33611111111")));
        Assert.Null(engine.FindByIdentifier(Ids.Account("b")));
        Assert.Equal(twice.PersonId, engine.FindByIdentifier(Ids.Account("c"))!.Id);
        Assert.Equal(twice.PersonId, engine.FindByIdentifier(Ids.Cookie("k"))!.Id);
    }

    [Theory]
    [InlineData(Channel.Counter)]
    [InlineData(Channel.Mail)]
    public void Without_a_channel_address_a_declared_only_interaction_starts_a_person_of_its_own_holding_nothing(Channel channel)
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("w-1", 0, Channel.Web, Question, Ids.Tax(TaxNumber)));
        var letter = engine.Apply(Contact("w-2", 1, channel, Question, Declared.Of(Ids.Tax(TaxNumber)), Declared.Of(Ids.Phone("+33611111111"))));

        Assert.Equal(2, engine.People.Count);
        Assert.Empty(engine.FindPerson(letter.PersonId)!.Identifiers);
        Assert.Null(engine.FindByIdentifier(Ids.Phone("+33611111111")));
    }

    [Theory]
    [InlineData(Channel.Phone, IdentifierType.Phone)]
    [InlineData(Channel.Sms, IdentifierType.Phone)]
    [InlineData(Channel.Email, IdentifierType.Email)]
    [InlineData(Channel.Web, IdentifierType.Cookie)]
    [InlineData(Channel.Chat, IdentifierType.Cookie)]
    public void A_declared_only_interaction_is_routed_by_its_channel_address(Channel channel, IdentifierType address)
    {
        var all = new[] { Ids.Tax(TaxNumber), Ids.Phone("+33611111111"), Ids.Email("e@example.fr"), Ids.Cookie("k") }.Select(Declared.Of).ToList();

        var linking = IdentityLinks.Linking(all, channel);

        Assert.Equal(address, Assert.Single(linking).Type);
        Assert.Equal(3, IdentityLinks.Informing(all, channel).Count);
    }

    private static ApplyIdentityDecision Verified(string id, params Identifier[] identifiers) => new()
    {
        DecisionId = id,
        Kind = IdentityDecisionKind.IdentityVerified,
        Identifiers = identifiers,
        DecidedBy = "camille",
        Reason = "identity-verified",
        DecidedAt = Day(1),
    };

    [Fact]
    public void An_advisors_verification_links_the_callers_number_to_the_claimed_person_and_a_later_call_goes_there()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("d-web", 0, Channel.Web, Question, Ids.Account("v1"), Ids.Tax(TaxNumber)));
        var call = engine.Apply(Contact("d-call", 1, Channel.Phone, Question, Declared.Of(Ids.Phone("+33611111111")), Declared.Of(Ids.Tax(TaxNumber))));

        var decided = engine.Decide(Verified("d-1", Ids.Phone("+33611111111"), Ids.Tax(TaxNumber)));
        var again = engine.Decide(Verified("d-1", Ids.Phone("+33611111111"), Ids.Tax(TaxNumber)));
        var later = engine.Apply(Contact("d-call-2", 3, Channel.Phone, Question, Declared.Of(Ids.Phone("+33611111111"))));

        var person = Assert.Single(engine.People);
        Assert.Equal(ApplyStatus.Recorded, decided.Status);
        Assert.Equal(ApplyStatus.Duplicate, again.Status);
        Assert.Equal(person.Id, later.PersonId);
        var merge = Assert.Single(person.Merges);
        Assert.Equal((call.PersonId, "camille", IdentityDecisionKind.IdentityVerified), (merge.AbsorbedId, merge.DecidedBy, merge.Decision));
        Assert.Equal(ContactKind.Reiteration, engine.Classification("d-call").Kind);
        Assert.Contains(decided.Changes, c => c.New.Key == Key("d-call") && c.Old!.Kind == ContactKind.FirstContact);
    }

    [Fact]
    public void A_decision_that_would_give_a_person_two_tax_numbers_is_refused_as_a_conflict()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("a", 0, Channel.Web, Question, Ids.Tax("1111111111111"), Ids.Phone("+33611111111")));
        engine.Apply(Contact("b", 0, Channel.Web, Question, Ids.Tax("2222222222222")));

        var decided = engine.Decide(Verified("d-2", Ids.Phone("+33611111111"), Ids.Tax("2222222222222")));

        Assert.Equal(2, engine.People.Count);
        Assert.Equal(IdentifierType.TaxId, Assert.Single(decided.Conflicts).StrongType);
    }
}
