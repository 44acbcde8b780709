using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;
using Xunit;
using static Omnichannel.Metrics.Tests.Examples;

namespace Omnichannel.Metrics.Tests;

/// <summary>DOMAIN §4, read from what the journey service publishes, with the numbers the worked examples of §5 imply.</summary>
public sealed class MetricsCalculatorTests
{
    private static readonly MetricsCalculator Calculator = MetricsCalculator.Paris;

    private static MetricsSummary Summary(List<Interaction> interactions, MetricsQuery query) =>
        Calculator.Summarize(Ledger(Published(interactions)).Current, query);

    [Fact]
    public void Example_A_one_contact_resolved_first_time_acknowledged_deadline_kept_in_ten_days()
    {
        var summary = Summary(A(), Query(0, 30, asOf: 30));

        Assert.Equal(1, summary.Contacts);
        Assert.Equal(1, summary.FirstContacts);
        Assert.Equal(0, summary.Reiterations);
        Assert.Equal(0.0, summary.ReiterationRate);
        Assert.Equal((1, 0, 0), (summary.FcrResolved, summary.FcrFailed, summary.FcrPending));
        Assert.Equal(1.0, summary.FcrRate);
        Assert.Equal((1, 1), (summary.Acknowledged, summary.AcknowledgementsDecided));
        Assert.Equal((1, 1), (summary.DeadlinesRespected, summary.DeadlinesDecided));
        Assert.Equal(TimeSpan.FromDays(10), summary.MedianTimeToResolution);
        Assert.Equal(1.0, summary.ContactsPerDemand);
        Assert.Null(summary.PhonePickUpRate);
    }

    [Fact]
    public void Example_A_before_the_window_closes_fcr_is_pending_and_counts_in_no_rate()
    {
        var summary = Summary(A(), Query(0, 30, asOf: 3));

        Assert.Equal((0, 0, 1), (summary.FcrResolved, summary.FcrFailed, summary.FcrPending));
        Assert.Null(summary.FcrRate);
    }

    [Fact]
    public void Example_B_five_contacts_two_cross_channel_reiterations_one_failed_first_contact()
    {
        var summary = Summary(B(), Query(0, 60, asOf: 50));

        Assert.Equal(5, summary.Contacts);
        Assert.Equal(3, summary.FirstContacts);
        Assert.Equal(2, summary.Reiterations);
        Assert.Equal(2, summary.CrossChannelReiterations);
        Assert.Equal(0.4, summary.ReiterationRate);
        Assert.Equal((2, 1, 0), (summary.FcrResolved, summary.FcrFailed, summary.FcrPending));
        Assert.Equal(2.0 / 3, summary.FcrRate);
        Assert.Equal((0, 1), (summary.Acknowledged, summary.AcknowledgementsDecided));
        Assert.Equal(5.0 / 3, summary.ContactsPerDemand);
        Assert.Equal((3, 3), (summary.PhoneContacts, summary.PhoneContactsPickedUp));
        Assert.Equal(
            [new ChannelSwitch(Channel.Web, Channel.Phone, 1), new ChannelSwitch(Channel.Phone, Channel.Email, 1)],
            Calculator.ChannelSwitches(Ledger(Published(B())).Current, Query(0, 60, asOf: 50)));
    }

    [Fact]
    public void Example_B_day_40_is_resolved_only_once_as_of_reaches_day_47()
    {
        Assert.Equal(1, Summary(B(), Query(40, 40, asOf: 46.9)).FcrPending);
        Assert.Equal(1, Summary(B(), Query(40, 40, asOf: 47)).FcrResolved);
    }

    [Fact]
    public void Example_B_posted_in_reverse_order_gives_the_same_numbers()
    {
        var reversed = Enumerable.Reverse(B()).ToList();

        Assert.Equal(Summary(B(), Query(0, 60, asOf: 50)), Summary(reversed, Query(0, 60, asOf: 50)));
    }

    [Fact]
    public void Example_C_a_late_link_makes_day_1_a_reiteration_after_the_fact()
    {
        var before = Calculator.Timeseries(Ledger(Published(C().Take(2))).Current, Query(0, 3, asOf: 10));
        var after = Calculator.Timeseries(Ledger(Published(C())).Current, Query(0, 3, asOf: 10));

        Assert.Equal((1, 0), (before[1].Summary.FirstContacts, before[1].Summary.Reiterations));
        Assert.Equal((0, 1), (after[1].Summary.FirstContacts, after[1].Summary.Reiterations));
        Assert.Equal(1, after[1].Summary.CrossChannelReiterations);
        Assert.Equal(1, after[0].Summary.FcrFailed);
        Assert.Equal(1, after[3].Summary.Reiterations);
    }

    [Fact]
    public void Filters_take_the_interactions_own_channel_motive_prefix_and_service()
    {
        var all = Ledger(Published(B())).Current.ToList();

        Assert.Equal(3, Calculator.Summarize(all, Query(0, 60, 50) with { Channel = Channel.Phone }).Contacts);
        Assert.Equal(3, Calculator.Summarize(all, Query(0, 60, 50) with { Motive = "income-tax" }).Contacts);
        Assert.Equal(0, Calculator.Summarize(all, Query(0, 60, 50) with { Motive = "income" }).Contacts);
        Assert.Equal(2, Calculator.Summarize(all, Query(0, 60, 50) with { Motive = PropertyTax }).Contacts);
        Assert.Equal(0, Calculator.Summarize(all, Query(0, 60, 50) with { Service = "SIP Lyon 3" }).Contacts);
    }

    [Fact]
    public void Rates_are_null_not_zero_when_nothing_is_counted()
    {
        var summary = Calculator.Summarize([], Query(0, 1, 5));

        Assert.Null(summary.ReiterationRate);
        Assert.Null(summary.FcrRate);
        Assert.Null(summary.AcknowledgementRate);
        Assert.Null(summary.DeadlineRespectRate);
        Assert.Null(summary.ContactsPerDemand);
        Assert.Null(summary.PhonePickUpRate);
        Assert.Null(summary.MedianTimeToResolution);
    }

    [Fact]
    public void Motives_with_most_reiteration_come_first()
    {
        var motives = Calculator.Motives(Ledger(Published(B())).Current, Query(0, 60, 50));

        Assert.Equal([Correction, PropertyTax], motives.Select(m => m.Motive));
        Assert.Equal((3, 2), (motives[0].Contacts, motives[0].Reiterations));
    }

    [Fact]
    public void Days_are_counted_in_the_configured_time_zone()
    {
        // 23:30 UTC on day 0 is already day 1 in Paris.
        var late = new InteractionClassification
        {
            Key = new InteractionKey { Source = "test", Id = "late" },
            OccurredAt = new DateTimeOffset(Date(0).ToDateTime(new TimeOnly(23, 30)), TimeSpan.Zero),
            Channel = Channel.Phone,
            Type = InteractionType.Contact,
            Kind = ContactKind.FirstContact,
            FcrFinalAt = Day(8),
        };

        Assert.Equal(0, Calculator.Summarize([late], Query(0, 0, 10)).Contacts);
        Assert.Equal(1, Calculator.Summarize([late], Query(1, 1, 10)).Contacts);
    }
}
