using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>DOMAIN §2, identity stitching.</summary>
public sealed class StitchingTests
{
    private const string T1 = "1111111111111";
    private const string T2 = "2222222222222";
    private readonly JourneyEngine _engine = new();

    private ApplyResult Post(string id, params Identifier[] identifiers) =>
        _engine.Apply(Contact(id, 0, Channel.Phone, "motive.a", identifiers));

    [Fact]
    public void No_known_identifier_creates_a_person_owning_all_of_them()
    {
        var result = Post("i1", Ids.Phone("+33611111111"), Ids.Email("a@b.fr"), Ids.Cookie("k"));

        var person = Assert.Single(_engine.People);
        Assert.Equal(result.PersonId, person.Id);
        Assert.Equal(3, person.Identifiers.Count);
        Assert.Same(person, _engine.FindByIdentifier(Ids.Email("a@b.fr")));
        Assert.Empty(result.Absorbed);
    }

    [Fact]
    public void Known_identifier_brings_the_interaction_and_new_identifiers_to_its_owner()
    {
        var first = Post("i1", Ids.Phone("+33611111111"));
        var second = Post("i2", Ids.Phone("+33611111111"), Ids.Email("a@b.fr"));

        Assert.Equal(first.PersonId, second.PersonId);
        var person = Assert.Single(_engine.People);
        Assert.Equal(2, person.Entries.Count);
        Assert.Same(person, _engine.FindByIdentifier(Ids.Email("a@b.fr")));
    }

    [Fact]
    public void Identifiers_posted_together_merge_their_owners()
    {
        Post("i1", Ids.Phone("+33611111111"));
        Post("i2", Ids.Email("a@b.fr"));
        Assert.Equal(2, _engine.People.Count);

        var link = Post("i3", Ids.Email("a@b.fr"), Ids.Phone("+33611111111"));

        var person = Assert.Single(_engine.People);
        Assert.Single(link.Absorbed);
        Assert.Equal(3, person.Entries.Count);
        Assert.Equal(2, person.Identifiers.Count);
    }

    [Fact]
    public void Survivor_of_a_merge_is_the_person_created_first_and_the_other_redirects_to_it()
    {
        var older = Post("i1", Ids.Email("a@b.fr"));
        var newer = Post("i2", Ids.Tax(T1));

        // The tax number has the higher priority, so stitching starts from the newer person,
        // yet the older one survives.
        var link = Post("i3", Ids.Tax(T1), Ids.Email("a@b.fr"));

        Assert.Equal(older.PersonId, link.PersonId);
        Assert.Equal([newer.PersonId], link.Absorbed);
        Assert.Equal(older.PersonId, _engine.FindPerson(newer.PersonId)!.Id);
        Assert.Null(_engine.FindPerson(older.PersonId)!.MergedInto);
    }

    [Fact]
    public void Merge_moves_interactions_identifiers_and_classifications_to_the_survivor()
    {
        Post("i1", Ids.Email("a@b.fr"));
        Post("i2", Ids.Tax(T1), Ids.Account("q1"));
        Post("i3", Ids.Tax(T1), Ids.Email("a@b.fr"));

        var person = Assert.Single(_engine.People);
        Assert.Equal(["i1", "i2", "i3"], person.Entries.Select(e => e.Key.Id).Order());
        Assert.Equal(3, person.Identifiers.Count);
        Assert.All(person.Identifiers, id => Assert.Same(person, _engine.FindByIdentifier(id)));
        Assert.All(_engine.Classify(person), c => Assert.NotNull(c));
        Assert.Same(person, _engine.FindByInteraction(Key("i2")));
    }

    [Fact]
    public void Every_identifier_belongs_to_at_most_one_person()
    {
        Post("i1", Ids.Phone("+33611111111"), Ids.Cookie("k1"));
        Post("i2", Ids.Email("a@b.fr"), Ids.Cookie("k2"));
        Post("i3", Ids.Cookie("k1"), Ids.Cookie("k2"), Ids.Tax(T1));

        var all = _engine.People.SelectMany(p => p.Identifiers).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public void Merge_that_would_give_two_values_of_a_strong_type_is_refused_and_recorded_as_a_conflict()
    {
        var phone = Ids.Phone("+33611111111");
        var holder = Post("i1", Ids.Tax(T1), phone);
        var spouse = Post("i2", Ids.Tax(T2));

        // The spouse calls from the shared phone, giving her own tax number.
        var call = Post("i3", Ids.Tax(T2), phone);

        Assert.Equal(spouse.PersonId, call.PersonId);
        Assert.Empty(call.Absorbed);
        var conflict = Assert.Single(call.Conflicts);
        Assert.Equal(phone, conflict.Identifier);
        Assert.Equal(holder.PersonId, conflict.OwnerId);
        Assert.Equal(spouse.PersonId, conflict.OtherPersonId);
        Assert.Equal(IdentifierType.TaxId, conflict.StrongType);

        // The phone stays with its owner; both people show the conflict to advisors.
        Assert.Equal(holder.PersonId, _engine.FindByIdentifier(phone)!.Id);
        Assert.Contains(conflict, _engine.FindPerson(holder.PersonId)!.Conflicts);
        Assert.Contains(conflict, _engine.FindPerson(spouse.PersonId)!.Conflicts);
        Assert.Equal(2, _engine.People.Count);
    }

    [Fact]
    public void Unknown_tax_number_with_a_phone_of_another_taxpayer_starts_a_new_person()
    {
        var phone = Ids.Phone("+33611111111");
        var holder = Post("i1", Ids.Tax(T1), phone);

        var call = Post("i2", Ids.Tax(T2), phone);

        Assert.NotEqual(holder.PersonId, call.PersonId);
        Assert.Equal(T2, _engine.FindPerson(call.PersonId)!.StrongValue(IdentifierType.TaxId));
        Assert.Equal(T1, _engine.FindPerson(holder.PersonId)!.StrongValue(IdentifierType.TaxId));
        Assert.Single(call.Conflicts);
        Assert.Equal(holder.PersonId, _engine.FindByIdentifier(phone)!.Id);
    }

    [Fact]
    public void A_person_holds_at_most_one_value_of_each_strong_type()
    {
        var holder = Post("i1", Ids.Tax(T1), Ids.Account("q1"));

        var second = Post("i2", Ids.Tax(T1), Ids.Account("q2"));

        Assert.Equal(holder.PersonId, second.PersonId);
        Assert.Equal("q1", _engine.FindPerson(holder.PersonId)!.StrongValue(IdentifierType.AccountId));
        Assert.Null(_engine.FindByIdentifier(Ids.Account("q2")));
        var conflict = Assert.Single(second.Conflicts);
        Assert.Null(conflict.OwnerId);
        Assert.Equal(IdentifierType.AccountId, conflict.StrongType);
    }

    [Fact]
    public void Merges_follow_the_priority_of_the_linking_identifier_and_a_refusal_does_not_stop_the_others()
    {
        var a = Post("i1", Ids.Account("q1"), Ids.Tax(T1));
        var b = Post("i2", Ids.Phone("+33611111111"), Ids.Tax(T2));
        var c = Post("i3", Ids.Email("c@b.fr"));

        var link = Post("i4", Ids.Email("c@b.fr"), Ids.Account("q1"), Ids.Phone("+33611111111"));

        // Starts from the account's owner (a); the phone's owner (b) is refused; the email's owner (c) merges.
        Assert.Equal(a.PersonId, link.PersonId);
        Assert.Equal([c.PersonId], link.Absorbed);
        Assert.Equal(Ids.Phone("+33611111111"), Assert.Single(link.Conflicts).Identifier);
        Assert.Equal(b.PersonId, _engine.FindByIdentifier(Ids.Phone("+33611111111"))!.Id);
    }

    [Fact]
    public void The_order_of_merges_decides_which_conflicting_owner_is_refused()
    {
        var a = Post("i1", Ids.Phone("+33611111111"));
        var b = Post("i2", Ids.Email("b@b.fr"), Ids.Tax(T2));
        var c = Post("i3", Ids.Cookie("k"), Ids.Tax(T1));

        var link = Post("i4", Ids.Cookie("k"), Ids.Phone("+33611111111"), Ids.Email("b@b.fr"));

        // Phone (a) first, then email merges b (taxId T2), then the cookie's owner c (T1) is refused.
        Assert.Equal(a.PersonId, link.PersonId);
        Assert.Equal([b.PersonId], link.Absorbed);
        var conflict = Assert.Single(link.Conflicts);
        Assert.Equal(Ids.Cookie("k"), conflict.Identifier);
        Assert.Equal(c.PersonId, conflict.OwnerId);
    }

    [Fact]
    public void Posting_the_same_source_and_id_again_changes_nothing()
    {
        var first = Post("i1", Ids.Phone("+33611111111"));
        var again = _engine.Apply(Contact("i1", 5, Channel.Web, "other", Ids.Email("x@y.fr")));

        Assert.Equal(ApplyStatus.Duplicate, again.Status);
        Assert.Equal(first.PersonId, again.PersonId);
        Assert.Empty(again.Changes);
        Assert.Single(Assert.Single(_engine.People).Entries);
        Assert.Null(_engine.FindByIdentifier(Ids.Email("x@y.fr")));
    }

    [Fact]
    public void The_same_id_from_another_source_is_another_interaction()
    {
        _engine.Apply(Contact("i1", 0, Channel.Phone, "m", Ids.Phone("+33611111111")));
        var other = _engine.Apply(Contact("i1", 0, Channel.Phone, "m", Ids.Phone("+33611111111")) with { Source = "cti" });

        Assert.Equal(ApplyStatus.Recorded, other.Status);
        Assert.Equal(2, Assert.Single(_engine.People).Entries.Count);
    }

    [Fact]
    public void Person_id_is_derived_from_the_interaction_that_created_it()
    {
        var result = Post("i1", Ids.Phone("+33611111111"));

        Assert.Equal(JourneyEngine.PersonIdFor(Key("i1")), result.PersonId);
        Assert.Equal(result.PersonId, new JourneyEngine().Apply(Contact("i1", 9, Channel.Web, "x", Ids.Cookie("z"))).PersonId);
    }
}
