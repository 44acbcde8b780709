using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>DOMAIN §5: the worked examples, every number they state (W = 7 days).</summary>
public sealed class WorkedExampleTests
{
    private const string Correction = "income-tax.correction";
    private const string PropertyTax = "property-tax.question";
    private const string TaxNumber = "1234567890123";

    private static List<Interaction> ExampleA() =>
    [
        Contact("a-web", 0, Channel.Web, Correction, Ids.Account("brigitte"), Ids.Tax(TaxNumber)) with { Outcome = Outcome.Resolved },
        Notification("a-ack", 0, Channel.Email, Correction, Ids.Email("brigitte@example.fr"), Ids.Tax(TaxNumber)) with
        {
            OccurredAt = Day(0).AddMinutes(5),
            AnnouncedDeadline = Day(15),
        },
        Notification("a-schedule", 3, Channel.Email, "income-tax.payment-schedule", Ids.Tax(TaxNumber)),
        Resolution("a-refund", 10, Correction, Ids.Tax(TaxNumber)),
    ];

    private static List<Interaction> ExampleB() =>
    [
        Contact("b-web", 0, Channel.Web, Correction, Ids.Cookie("c1"), Ids.Account("q1"), Ids.Tax(TaxNumber)),
        Contact("b-phone", 2, Channel.Phone, Correction, Ids.Phone("+33612345678"), Ids.Tax(TaxNumber)) with { Outcome = Outcome.Transferred },
        Contact("b-email", 4, Channel.Email, Correction, Ids.Email("b@example.fr"), Ids.Tax(TaxNumber)) with { Outcome = Outcome.Resolved },
        Contact("b-day20", 20, Channel.Phone, PropertyTax, Ids.Phone("+33612345678")),
        Contact("b-day40", 40, Channel.Phone, PropertyTax, Ids.Phone("+33612345678")),
    ];

    [Fact]
    public void Example_A_the_journey_that_went_right()
    {
        var engine = new JourneyEngine();
        engine.ApplyAll(ExampleA());
        var asOf = Day(30);

        var person = Assert.Single(engine.People);
        Assert.Equal(4, person.Entries.Count);
        var contacts = engine.CurrentClassifications().Values.Where(c => c.Kind is not null).ToList();
        var contact = Assert.Single(contacts);
        Assert.Equal(ContactKind.FirstContact, contact.Kind);
        Assert.Equal(FcrStatus.Resolved, contact.Fcr(asOf));
        Assert.Equal(AcknowledgementStatus.Acknowledged, contact.Acknowledgement(asOf));
        Assert.Equal(TimeSpan.FromDays(10), contact.TimeToResolution);
        Assert.Equal(Key("a-web"), contact.Demand);
        Assert.Equal(DeadlineStatus.Respected, engine.Classification("a-ack").Deadline(asOf));
        Assert.Equal(Day(10), engine.Classification("a-ack").DeadlineMetAt);
        // Effort: contacts per demand.
        Assert.Equal(1, contacts.Count / contacts.Count(c => c.Kind == ContactKind.FirstContact));
    }

    [Fact]
    public void Example_B_the_journey_that_went_wrong()
    {
        var engine = new JourneyEngine();
        engine.ApplyAll(ExampleB());
        AssertExampleB(engine);
    }

    [Fact]
    public void Example_B_posted_in_reverse_order_gives_the_same()
    {
        var forward = new JourneyEngine();
        forward.ApplyAll(ExampleB());
        var reverse = new JourneyEngine();
        reverse.ApplyAll(Enumerable.Reverse(ExampleB()));

        AssertExampleB(reverse);
        Assert.Equal(forward.CurrentClassifications(), reverse.CurrentClassifications());
    }

    private static void AssertExampleB(JourneyEngine engine)
    {
        Assert.Single(engine.People);
        var contacts = engine.CurrentClassifications().Values.Where(c => c.Kind is not null).ToList();
        Assert.Equal(5, contacts.Count);

        var firsts = contacts.Where(c => c.Kind == ContactKind.FirstContact).Select(c => c.Key.Id).Order().ToList();
        Assert.Equal(["b-day20", "b-day40", "b-web"], firsts);

        var phone = engine.Classification("b-phone");
        Assert.Equal(ContactKind.Reiteration, phone.Kind);
        Assert.True(phone.CrossChannel);
        Assert.Equal((Channel.Web, Channel.Phone), (phone.PredecessorChannel!.Value, phone.Channel));
        Assert.Equal(Key("b-web"), phone.Predecessor);

        var email = engine.Classification("b-email");
        Assert.Equal(ContactKind.Reiteration, email.Kind);
        Assert.True(email.CrossChannel);
        Assert.Equal((Channel.Phone, Channel.Email), (email.PredecessorChannel!.Value, email.Channel));
        Assert.Equal(Key("b-web"), email.Demand);

        var web = engine.Classification("b-web");
        Assert.Equal(FcrStatus.Failed, web.Fcr(Day(100)));
        Assert.Equal(AcknowledgementStatus.NotAcknowledged, web.Acknowledgement(Day(7)));

        var day20 = engine.Classification("b-day20");
        Assert.Equal(FcrStatus.Pending, day20.Fcr(Day(26)));
        Assert.Equal(FcrStatus.Resolved, day20.Fcr(Day(27)));

        var day40 = engine.Classification("b-day40");
        Assert.Equal(FcrStatus.Pending, day40.Fcr(Day(46.99)));
        Assert.Equal(FcrStatus.Resolved, day40.Fcr(Day(47)));

        // Demands: three, effort 5/3; reiteration rate 2/5.
        Assert.Equal(3, contacts.Select(c => c.Demand).Distinct().Count());
        Assert.Equal(2, contacts.Count(c => c.Kind == ContactKind.Reiteration));
    }

    [Fact]
    public void Example_C_a_late_link_merges_people_and_reclassifies_the_past()
    {
        var engine = new JourneyEngine();
        var phone = Ids.Phone("+33611223344");
        engine.Apply(Contact("c-phone", 0, Channel.Phone, "pas.rate", phone));
        engine.Apply(Contact("c-web", 1, Channel.Web, "pas.rate", Ids.Account("a9")));

        Assert.Equal(2, engine.People.Count);
        Assert.Equal(ContactKind.FirstContact, engine.Classification("c-phone").Kind);
        Assert.Equal(ContactKind.FirstContact, engine.Classification("c-web").Kind);

        var link = engine.Apply(Contact("c-link", 3, Channel.Phone, "pas.rate", phone, Ids.Account("a9")));

        Assert.Single(engine.People);
        Assert.Single(link.Absorbed);
        var web = engine.Classification("c-web");
        Assert.Equal(ContactKind.Reiteration, web.Kind);
        Assert.Equal(Key("c-phone"), web.Predecessor);
        Assert.Equal((Channel.Phone, Channel.Web), (web.PredecessorChannel!.Value, web.Channel));
        var linkClassification = engine.Classification("c-link");
        Assert.Equal(ContactKind.Reiteration, linkClassification.Kind);
        Assert.Equal(Key("c-web"), linkClassification.Predecessor);
        Assert.Equal(FcrStatus.Failed, engine.Classification("c-phone").Fcr(Day(30)));

        // Day 1's numbers change after the fact: the change carries day 1's old and new classification.
        var dayOne = Assert.Single(link.Changes, c => c.New.Key == Key("c-web"));
        Assert.Equal(ContactKind.FirstContact, dayOne.Old!.Kind);
        Assert.Equal(ContactKind.Reiteration, dayOne.New.Kind);
        Assert.Equal(Day(1), dayOne.New.OccurredAt);
        Assert.Equal(3, link.Changes.Count);
    }
}
