using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>DOMAIN §3, classification per person (W = 7 days unless a test says otherwise).</summary>
public sealed class ClassificationTests
{
    private const string Motive = "income-tax.correction";
    private static readonly Identifier Me = Ids.Tax("1234567890123");
    private readonly JourneyEngine _engine = new();

    private InteractionClassification Of(string id) => _engine.Classification(id);

    private static Interaction Call(string id, double day, string motive = Motive) => Contact(id, day, Channel.Phone, motive, Me);

    private static Interaction WithCase(Interaction interaction, string caseRef) =>
        interaction with { Subject = interaction.Subject! with { CaseRef = caseRef } };

    [Fact]
    public void Only_contacts_are_contacts()
    {
        _engine.ApplyAll([
            Visit("v", 0, Me),
            Notification("n", 0.5, Channel.Email, Motive, Me),
            Resolution("r", 1, Motive, Me),
            Call("c", 2),
        ]);

        var classified = _engine.CurrentClassifications();
        Assert.Equal([Key("c")], classified.Keys);
        Assert.Equal(ContactKind.FirstContact, Of("c").Kind);
    }

    [Fact]
    public void Ties_in_time_are_ordered_by_source_then_id()
    {
        var at = Day(1);
        _engine.ApplyAll([
            Call("b", 1) with { OccurredAt = at },
            Call("a", 1) with { OccurredAt = at, Source = "z-source" },
            Call("c", 1) with { OccurredAt = at },
        ]);

        // (test, b) < (test, c) < (z-source, a)
        Assert.Equal(ContactKind.FirstContact, Of("b").Kind);
        Assert.Equal(Key("b"), Of("c").Predecessor);
        var last = _engine.CurrentClassifications()[new InteractionKey { Source = "z-source", Id = "a" }];
        Assert.Equal(Key("c"), last.Predecessor);
    }

    [Fact]
    public void Reiteration_is_a_contact_with_a_predecessor_of_the_same_subject_within_W()
    {
        _engine.ApplyAll([Call("c1", 0), Call("c2", 3), Call("c3", 5)]);

        Assert.Equal(ContactKind.FirstContact, Of("c1").Kind);
        Assert.Equal(ContactKind.Reiteration, Of("c2").Kind);
        // The predecessor is the latest earlier contact, not the first.
        Assert.Equal(Key("c2"), Of("c3").Predecessor);
    }

    [Fact]
    public void Predecessor_exactly_W_before_counts_and_one_tick_more_does_not()
    {
        _engine.ApplyAll([
            Call("a1", 0), Call("a2", 7),
            Call("b1", 20, "other.motive"), Call("b2", 27, "other.motive") with { OccurredAt = Day(27).AddTicks(1) },
        ]);

        Assert.Equal(ContactKind.Reiteration, Of("a2").Kind);
        Assert.Equal(ContactKind.FirstContact, Of("b2").Kind);
    }

    [Fact]
    public void Another_motive_is_another_subject()
    {
        _engine.ApplyAll([Call("c1", 0), Call("c2", 1, "property-tax.question")]);

        Assert.Equal(ContactKind.FirstContact, Of("c2").Kind);
    }

    [Fact]
    public void When_both_carry_a_case_reference_the_case_references_decide_the_subject()
    {
        _engine.ApplyAll([
            WithCase(Call("c1", 0), "CASE-1"),
            WithCase(Call("c2", 1, "other.motive"), "CASE-1"),
            WithCase(Call("c3", 2), "CASE-2"),
        ]);

        Assert.Equal(Key("c1"), Of("c2").Predecessor);
        Assert.Equal(ContactKind.FirstContact, Of("c3").Kind);
    }

    [Fact]
    public void When_only_one_carries_a_case_reference_the_motives_decide_the_subject()
    {
        _engine.ApplyAll([WithCase(Call("c1", 0), "CASE-1"), Call("c2", 1), WithCase(Call("c3", 2, "other.motive"), "CASE-9")]);

        Assert.Equal(Key("c1"), Of("c2").Predecessor);
        Assert.Equal(ContactKind.FirstContact, Of("c3").Kind);
    }

    [Fact]
    public void Contact_without_a_subject_has_the_same_subject_as_nothing()
    {
        _engine.ApplyAll([
            Call("c1", 0),
            Call("c2", 1) with { Subject = null },
            Call("c3", 2) with { Subject = null },
        ]);

        Assert.Equal(ContactKind.FirstContact, Of("c2").Kind);
        Assert.Equal(ContactKind.FirstContact, Of("c3").Kind);
        Assert.Equal(FcrStatus.Resolved, Of("c2").Fcr(Day(30)));
    }

    [Fact]
    public void Reiteration_on_another_channel_counts_as_cross_channel_with_its_channel_pair()
    {
        _engine.ApplyAll([
            Call("c1", 0),
            Contact("c2", 1, Channel.Email, Motive, Me),
            Contact("c3", 2, Channel.Email, Motive, Me),
        ]);

        Assert.True(Of("c2").CrossChannel);
        Assert.Equal(Channel.Phone, Of("c2").PredecessorChannel);
        Assert.False(Of("c3").CrossChannel);
        Assert.Equal(Channel.Email, Of("c3").PredecessorChannel);
        Assert.False(Of("c1").CrossChannel);
        Assert.Null(Of("c1").PredecessorChannel);
    }

    /// <summary>Issue 17: the one prefix rule that windows and dashboard filters share.</summary>
    [Theory]
    [InlineData("income-tax", "income-tax", true)]
    [InlineData("income-tax", "income-tax.correction", true)]
    [InlineData("income-tax", "income-tax.correction.late", true)]
    [InlineData("income-tax", "income-taxes", false)]
    [InlineData("income-tax.correction", "income-tax", false)]
    [InlineData("income-tax", null, false)]
    [InlineData("pas", "pas.rate", true)]
    public void A_motive_prefix_covers_whole_dotted_segments_only(string prefix, string? motive, bool covers)
    {
        Assert.Equal(covers, MotivePrefix.Covers(prefix, motive));
        Assert.Equal(covers, Omnichannel.Domain.Metrics.MetricsCalculator.MotiveMatches(motive, prefix));
        var windows = new ReiterationWindows(TimeSpan.FromDays(3), new Dictionary<string, TimeSpan> { [prefix] = TimeSpan.FromDays(9) });
        Assert.Equal(covers ? TimeSpan.FromDays(9) : TimeSpan.FromDays(3), windows.For(motive));
    }

    [Fact]
    public void Window_is_configurable_globally_and_per_motive_prefix_longest_prefix_winning()
    {
        var windows = new ReiterationWindows(TimeSpan.FromDays(3), new Dictionary<string, TimeSpan>
        {
            ["income-tax"] = TimeSpan.FromDays(14),
            ["income-tax.correction"] = TimeSpan.FromDays(30),
        });
        var engine = new JourneyEngine(new JourneyClassifier(windows));
        engine.ApplyAll([
            Call("a1", 0, "income-tax.correction"), Call("a2", 25, "income-tax.correction"),
            Call("b1", 0, "income-tax.rate"), Call("b2", 10, "income-tax.rate"),
            Call("c1", 0, "income-taxes"), Call("c2", 4, "income-taxes"),
            Call("d1", 0, "pas"), Call("d2", 3, "pas"),
        ]);

        Assert.Equal(ContactKind.Reiteration, engine.Classification("a2").Kind);
        Assert.Equal(ContactKind.Reiteration, engine.Classification("b2").Kind);
        Assert.Equal(ContactKind.FirstContact, engine.Classification("c2").Kind);
        Assert.Equal(ContactKind.Reiteration, engine.Classification("d2").Kind);
        Assert.Equal(Day(14), engine.Classification("b1").FcrFinalAt);
        Assert.Equal(TimeSpan.FromDays(30), windows.For("income-tax.correction.late"));
        Assert.Equal(TimeSpan.FromDays(3), windows.For(null));
    }

    [Fact]
    public void Window_options_bind_to_windows()
    {
        var options = new ClassificationOptions { ReiterationWindow = TimeSpan.FromDays(10) };
        options.ReiterationWindowByMotivePrefix["pas"] = TimeSpan.FromDays(2);

        var windows = ReiterationWindows.From(options);

        Assert.Equal(TimeSpan.FromDays(10), windows.For("income-tax"));
        Assert.Equal(TimeSpan.FromDays(2), windows.For("pas.rate"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReiterationWindows(TimeSpan.Zero));
    }

    /// <summary>Issue 17: the policy the journey role records, in one line that equal policies share whatever their order.</summary>
    [Fact]
    public void A_policy_is_described_in_one_canonical_line()
    {
        var one = new ReiterationWindows(TimeSpan.FromDays(7), new Dictionary<string, TimeSpan> { ["pas"] = TimeSpan.FromDays(2), ["income-tax"] = TimeSpan.FromDays(30) });
        var same = new ReiterationWindows(TimeSpan.FromDays(7), new Dictionary<string, TimeSpan> { ["income-tax"] = TimeSpan.FromDays(30), ["pas"] = TimeSpan.FromDays(2) });

        Assert.Equal("default=7.00:00:00; income-tax=30.00:00:00; pas=2.00:00:00", one.Describe());
        Assert.Equal(one.Describe(), same.Describe());
        Assert.NotEqual(one.Describe(), new ReiterationWindows(TimeSpan.FromDays(7)).Describe());
        Assert.Equal("default=7.00:00:00", ReiterationWindows.Standard.Describe());
    }

    [Theory]
    [InlineData(Outcome.Unresolved)]
    [InlineData(Outcome.Transferred)]
    [InlineData(Outcome.Abandoned)]
    public void First_contact_fails_FCR_when_its_outcome_says_so(Outcome outcome)
    {
        _engine.Apply(Call("c1", 0) with { Outcome = outcome });

        Assert.Equal(FcrStatus.Failed, Of("c1").Fcr(Day(0)));
        Assert.Equal(FcrFailure.Outcome, Of("c1").FcrFailure);
    }

    [Fact]
    public void First_contact_fails_FCR_when_the_citizen_comes_back_within_W()
    {
        _engine.ApplyAll([Call("c1", 0) with { Outcome = Outcome.Resolved }, Call("c2", 6.5, Motive)]);

        Assert.Equal(FcrStatus.Failed, Of("c1").Fcr(Day(1)));
        Assert.Equal(FcrFailure.ContactedAgain, Of("c1").FcrFailure);
        Assert.Null(Of("c2").Fcr(Day(30)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Outcome.Resolved)]
    public void First_contact_is_pending_until_W_has_passed_then_resolved_for_good(Outcome? outcome)
    {
        _engine.ApplyAll([Call("c1", 0) with { Outcome = outcome }, Call("c2", 7.5)]);

        Assert.Equal(FcrStatus.Pending, Of("c1").Fcr(Day(7).AddTicks(-1)));
        Assert.Equal(FcrStatus.Resolved, Of("c1").Fcr(Day(7)));
        Assert.Equal(Day(7), Of("c1").FcrFinalAt);
    }

    [Fact]
    public void Demand_is_a_first_contact_and_the_reiterations_chaining_from_it()
    {
        _engine.ApplyAll([Call("c1", 0), Call("c2", 5), Call("c3", 10), Call("c4", 30), Call("x", 1, "other")]);

        Assert.Equal(Key("c1"), Of("c1").Demand);
        Assert.Equal(Key("c1"), Of("c2").Demand);
        Assert.Equal(Key("c1"), Of("c3").Demand);
        Assert.Equal(Key("c4"), Of("c4").Demand);
        Assert.Equal(Key("x"), Of("x").Demand);
        // Effort = contacts per demand: 5 contacts, 3 demands.
        var contacts = _engine.CurrentClassifications().Values.ToList();
        Assert.Equal(3, contacts.Select(c => c.Demand).Distinct().Count());
    }

    [Theory]
    [InlineData(Channel.Web, 7)]
    [InlineData(Channel.Email, 7)]
    [InlineData(Channel.Sms, 7)]
    [InlineData(Channel.Chat, 7)]
    [InlineData(Channel.Mail, 14)]
    public void First_contact_on_a_written_channel_is_acknowledged_by_a_notification_within_the_delay(Channel channel, int days)
    {
        _engine.ApplyAll([
            Contact("in-time", 0, channel, "m.a", Me),
            Notification("ack-a", days, Channel.Email, "m.a", Me),
            Contact("late", 0, channel, "m.b", Me),
            Notification("ack-b", days + 0.01, Channel.Email, "m.b", Me),
        ]);

        Assert.Equal(AcknowledgementStatus.Acknowledged, Of("in-time").Acknowledgement(Day(0)));
        Assert.Equal(Day(days), Of("in-time").AcknowledgedAt);
        Assert.Equal(AcknowledgementStatus.Pending, Of("late").Acknowledgement(Day(days).AddTicks(-1)));
        Assert.Equal(AcknowledgementStatus.NotAcknowledged, Of("late").Acknowledgement(Day(days)));
    }

    [Theory]
    [InlineData(Channel.Phone)]
    [InlineData(Channel.Counter)]
    public void Acknowledgement_does_not_apply_to_phone_or_counter(Channel channel)
    {
        _engine.Apply(Contact("c", 0, channel, Motive, Me));

        Assert.Null(Of("c").Acknowledgement(Day(30)));
    }

    [Fact]
    public void Acknowledgement_counts_a_notification_at_the_same_instant_but_not_one_before_or_of_another_subject()
    {
        _engine.ApplyAll([
            Notification("before", -0.1, Channel.Email, "m.a", Me),
            Contact("a", 0, Channel.Web, "m.a", Me),
            Contact("b", 0, Channel.Web, "m.b", Me),
            Notification("same-instant", 0, Channel.Email, "m.b", Me) with { Source = "a-source-sorting-first" },
            Notification("other-subject", 1, Channel.Email, "m.c", Me),
            Notification("no-subject", 1, Channel.Email, null, Me),
        ]);

        Assert.Equal(AcknowledgementStatus.NotAcknowledged, Of("a").Acknowledgement(Day(7)));
        Assert.Equal(AcknowledgementStatus.Acknowledged, Of("b").Acknowledgement(Day(0)));
    }

    [Fact]
    public void Reiteration_needs_no_acknowledgement_of_its_own()
    {
        _engine.ApplyAll([Contact("a", 0, Channel.Web, Motive, Me), Contact("b", 1, Channel.Web, Motive, Me)]);

        Assert.Null(Of("b").Acknowledgement(Day(30)));
    }

    [Fact]
    public void Announced_deadline_is_respected_by_a_resolution_of_the_subject_between_announcement_and_deadline()
    {
        _engine.ApplyAll([
            Notification("kept", 0, Channel.Email, "m.a", Me) with { AnnouncedDeadline = Day(10) },
            Resolution("r-a", 10, "m.a", Me),
            Resolution("r-b-early", 0.5, "m.b", Me),
            Notification("missed", 1, Channel.Email, "m.b", Me) with { AnnouncedDeadline = Day(10) },
            Resolution("r-b-late", 11, "m.b", Me),
            Call("open", 2, "m.c") with { AnnouncedDeadline = Day(20) },
            Resolution("r-other", 3, "m.z", Me),
        ]);

        Assert.Equal(DeadlineStatus.Respected, Of("kept").Deadline(Day(0)));
        Assert.Equal(DeadlineStatus.Pending, Of("missed").Deadline(Day(10)));
        Assert.Equal(DeadlineStatus.Missed, Of("missed").Deadline(Day(10).AddTicks(1)));
        Assert.Equal(DeadlineStatus.Pending, Of("open").Deadline(Day(20)));
        Assert.Equal(DeadlineStatus.Missed, Of("open").Deadline(Day(21)));
    }

    [Fact]
    public void Time_to_resolution_runs_from_a_first_contact_to_the_first_later_resolution_of_its_subject()
    {
        _engine.ApplyAll([
            Resolution("r-before", -1, Motive, Me),
            Call("c1", 0),
            Resolution("r-other", 1, "other", Me),
            Call("c2", 2),
            Resolution("r1", 4.5, Motive, Me),
            Resolution("r2", 6, Motive, Me),
            Call("x", 0, "never.resolved"),
        ]);

        Assert.Equal(TimeSpan.FromDays(4.5), Of("c1").TimeToResolution);
        Assert.Null(Of("c2").TimeToResolution);
        Assert.Null(Of("x").TimeToResolution);
    }

    [Theory]
    [InlineData(Outcome.Abandoned, false)]
    [InlineData(Outcome.Resolved, true)]
    [InlineData(Outcome.Transferred, true)]
    [InlineData(null, true)]
    public void Phone_contact_is_picked_up_unless_abandoned(Outcome? outcome, bool pickedUp)
    {
        _engine.ApplyAll([Call("c", 0) with { Outcome = outcome }, Contact("w", 1, Channel.Web, "x", Me)]);

        Assert.Equal(pickedUp, Of("c").PickedUp());
        Assert.Null(Of("w").PickedUp());
    }

    [Fact]
    public void A_late_earlier_contact_turns_a_first_contact_into_a_reiteration_and_reports_the_change()
    {
        _engine.Apply(Call("c2", 3));
        Assert.Equal(ContactKind.FirstContact, Of("c2").Kind);

        var late = _engine.Apply(Contact("c1", 1, Channel.Web, Motive, Me));

        Assert.Equal(2, late.Changes.Count);
        var c2 = Assert.Single(late.Changes, c => c.New.Key == Key("c2"));
        Assert.Equal(ContactKind.FirstContact, c2.Old!.Kind);
        Assert.Equal(ContactKind.Reiteration, c2.New.Kind);
        var c1 = Assert.Single(late.Changes, c => c.New.Key == Key("c1"));
        Assert.Null(c1.Old);
        Assert.Equal(FcrFailure.ContactedAgain, c1.New.FcrFailure);
    }

    [Fact]
    public void A_visit_changes_no_classification()
    {
        _engine.Apply(Call("c", 0));

        var visit = _engine.Apply(Visit("v", 0.5, Me));

        Assert.Empty(visit.Changes);
    }

    [Fact]
    public void A_merge_recomputes_past_classifications_of_both_people()
    {
        _engine.ApplyAll([
            Contact("c1", 0, Channel.Phone, Motive, Ids.Phone("+33611111111")),
            Contact("c2", 2, Channel.Email, Motive, Ids.Email("a@b.fr")),
        ]);
        Assert.Equal(ContactKind.FirstContact, Of("c2").Kind);

        var link = _engine.Apply(Visit("v", 30, Ids.Phone("+33611111111"), Ids.Email("a@b.fr")));

        Assert.Single(link.Absorbed);
        Assert.Equal(ContactKind.Reiteration, Of("c2").Kind);
        Assert.Equal(FcrStatus.Failed, Of("c1").Fcr(Day(30)));
        Assert.Equal(2, link.Changes.Count);
    }

    [Fact]
    public void A_late_contact_changes_the_demand_of_contacts_chained_to_it_through_another_subject()
    {
        _engine.ApplyAll([WithCase(Call("a", 1, "m.one"), "CASE-1"), Call("b", 2, "m.one")]);
        Assert.Equal(Key("a"), Of("b").Demand);

        // x shares a's case reference but not b's motive: b still changes, through a.
        var late = _engine.Apply(WithCase(Call("x", 0, "m.two"), "CASE-1"));

        Assert.Equal(Key("x"), Of("a").Predecessor);
        var b = Assert.Single(late.Changes, c => c.New.Key == Key("b"));
        Assert.Equal(Key("a"), b.Old!.Demand);
        Assert.Equal(Key("x"), b.New.Demand);
        Assert.Equal(3, late.Changes.Count);
    }
}
