using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>docs/domain.md §2, shared identifiers (worked example H: a front-desk phone).</summary>
public sealed class SharedIdentifierTests
{
    private const string Motive = "income-tax.question";
    private const string FrontDesk = "+33140404040";

    [Fact]
    public void Example_H_a_phone_that_links_three_taxpayers_is_marked_shared_and_links_and_routes_nobody_after()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("h-1", 0, Channel.Counter, Motive, Ids.Tax("1111111111111"), Ids.Phone(FrontDesk)));
        engine.Apply(Contact("h-2", 1, Channel.Counter, Motive, Ids.Tax("2222222222222"), Ids.Phone(FrontDesk)));
        var holder = engine.FindByIdentifier(Ids.Phone(FrontDesk))!;
        Assert.False(holder.IsShared(Ids.Phone(FrontDesk)));

        engine.Apply(Contact("h-3", 2, Channel.Counter, Motive, Ids.Tax("3333333333333"), Ids.Phone(FrontDesk)));
        Assert.True(holder.IsShared(Ids.Phone(FrontDesk)));
        Assert.Equal([Ids.Phone(FrontDesk)], JourneyEngine.Snapshot(holder).SharedIdentifiers);

        // From then on it neither links (no conflict, no merge) nor routes a call to the one who holds it.
        var fourth = engine.Apply(Contact("h-4", 3, Channel.Counter, Motive, Ids.Tax("4444444444444"), Ids.Phone(FrontDesk)));
        var call = engine.Apply(Contact("h-5", 4, Channel.Phone, Motive, Declared.Of(Ids.Phone(FrontDesk))));
        Assert.Empty(fourth.Conflicts);
        Assert.Equal(5, engine.People.Count);
        Assert.NotEqual(holder.Id, call.PersonId);
        Assert.Same(holder, engine.FindByIdentifier(Ids.Phone(FrontDesk)));
    }

    [Fact]
    public void Two_taxpayers_on_one_phone_stay_a_conflict_below_the_threshold()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("t-1", 0, Channel.Web, Motive, Ids.Tax("1111111111111"), Ids.Phone(FrontDesk)));
        engine.Apply(Contact("t-2", 1, Channel.Web, Motive, Ids.Tax("2222222222222"), Ids.Phone(FrontDesk)));

        Assert.Empty(engine.FindByIdentifier(Ids.Phone(FrontDesk))!.SharedIdentifiers);
    }

    [Fact]
    public void A_referent_marks_a_family_email_shared_and_it_merges_nobody_after()
    {
        var engine = new JourneyEngine();
        engine.Apply(Contact("f-1", 0, Channel.Web, Motive, Ids.Account("parent"), Ids.Email("famille@example.fr")));
        var marked = engine.Decide(new ApplyIdentityDecision
        {
            DecisionId = "sh-1",
            Kind = IdentityDecisionKind.MarkShared,
            Identifiers = [Ids.Email("famille@example.fr")],
            DecidedBy = "referent-1",
            Reason = "adresse de la famille",
            DecidedAt = Day(1),
        });

        var child = engine.Apply(Contact("f-2", 2, Channel.Web, Motive, Ids.Account("enfant"), Ids.Email("famille@example.fr")));

        Assert.Equal(ApplyStatus.Recorded, marked.Status);
        Assert.Equal(2, engine.People.Count);
        Assert.Empty(child.Absorbed);
    }
}
