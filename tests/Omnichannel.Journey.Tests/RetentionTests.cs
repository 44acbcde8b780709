using CsCheck;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Retention;
using Omnichannel.Journey.Erasure;
using Omnichannel.Journey.Retention;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using static Omnichannel.Journey.Tests.Support.Journeys;

namespace Omnichannel.Journey.Tests;

/// <summary>docs/domain.md §6, retention: journeys are shortened from their oldest end, and what stays is classified as before.</summary>
public sealed class RetentionTests
{
    private static readonly JourneyClassifier Classifier = new(ReiterationWindows.Standard);

    private static JourneyEntry[] Entries(params Interaction[] interactions) => [.. interactions.Select(JourneyEntry.From).Order()];

    [Fact]
    public void Interactions_past_their_period_leave_from_the_oldest_end()
    {
        var journey = Entries(
            Contact("a", 0, Channel.Web, "pas.rate", Ids.Account("a1")),
            Contact("b", 20, Channel.Phone, "property-tax.question", Ids.Account("a1")),
            Contact("c", 100, Channel.Web, "pas.rate", Ids.Account("a1")));

        Assert.Equal(2, RetentionRule.LeavingPrefix(journey, _ => Day(50), Classifier.Windows));
        Assert.Equal(0, RetentionRule.LeavingPrefix(journey, _ => Day(0), Classifier.Windows));
        Assert.Equal(3, RetentionRule.LeavingPrefix(journey, _ => Day(200), Classifier.Windows));
    }

    [Fact]
    public void A_contact_that_stays_keeps_the_one_it_reiterates_and_so_everything_after_it()
    {
        var journey = Entries(
            Contact("a", 0, Channel.Web, "pas.rate", Ids.Account("a1")),
            Contact("b", 10, Channel.Web, "pas.rate", Ids.Account("a1")),
            Contact("c", 13, Channel.Phone, "pas.rate", Ids.Account("a1")));

        // c (kept) reiterates b, which is past the cutoff: b stays, and a (10 days before b) leaves.
        Assert.Equal(1, RetentionRule.LeavingPrefix(journey, _ => Day(12), Classifier.Windows));
    }

    [Fact]
    public void An_interaction_with_a_longer_period_holds_back_the_younger_ones_of_shorter_periods()
    {
        var journey = Entries(
            Contact("a", 0, Channel.Phone, "pas.rate", Ids.Account("a1")),
            Visit("b", 30, Ids.Account("a1")));

        Assert.Equal(0, RetentionRule.LeavingPrefix(journey, c => c == Channel.Web ? Day(60) : Day(-1), Classifier.Windows));
    }

    [Fact]
    public void What_stays_is_classified_exactly_as_it_was_before_the_oldest_part_left()
    {
        var motives = new[] { "pas.rate", "income-tax.question" };
        var gen = Gen.Int[0, 3000].Select(Gen.Int[0, 1], Gen.Int[0, 3], Gen.Int[0, 6])
            .Select(t => (Day: t.Item1 / 10.0, Motive: motives[t.Item2], Type: t.Item3 == 0 ? InteractionType.Notification : t.Item3 == 1 ? InteractionType.Resolution : InteractionType.Contact, Channel: (Channel)t.Item4))
            .Array[1, 40];
        gen.Sample(items =>
        {
            var journey = Entries([.. items.Select((t, i) => Make($"i{i}", t.Day, t.Channel, t.Type, t.Motive, Ids.Account("a1")))]);
            var cutoff = Day(items[0].Day + 30);
            var leaving = RetentionRule.LeavingPrefix(journey, _ => cutoff, Classifier.Windows);
            var before = Classifier.Classify(journey).Skip(leaving).ToList();
            var after = Classifier.Classify(journey.AsSpan(leaving)).ToList();
            Assert.Equal(before, after);
            Assert.All(journey.Take(leaving), e => Assert.True(e.OccurredAt < cutoff));
        }, iter: 1000);
    }

    [Fact]
    public void The_daily_run_starts_at_its_hour_the_same_day_or_the_next()
    {
        var at = new TimeOnly(2, 0);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), DailyRun.NextRun(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero), at));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero), DailyRun.NextRun(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), at));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero), DailyRun.NextRun(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.FromHours(1)), at));
    }

    [Fact]
    public void Periods_are_by_channel_and_tombstones_last_as_long_as_the_longest()
    {
        var options = new RetentionOptions { Interactions = TimeSpan.FromDays(1000), InteractionsByChannel = new(StringComparer.OrdinalIgnoreCase) { ["web"] = TimeSpan.FromDays(400), ["mail"] = TimeSpan.FromDays(2000) } };

        Assert.Equal(Day(0) - TimeSpan.FromDays(400), options.CutoffFor(Channel.Web, Day(0)));
        Assert.Equal(Day(0) - TimeSpan.FromDays(1000), options.CutoffFor(Channel.Phone, Day(0)));
        Assert.Equal(TimeSpan.FromDays(2000), options.TombstonePeriod);
    }

    [Fact]
    public void A_tombstone_is_a_keyed_hash_that_depends_on_the_key()
    {
        var one = new Tombstones([.. Enumerable.Repeat((byte)1, 32)]);
        var two = new Tombstones([.. Enumerable.Repeat((byte)2, 32)]);

        Assert.Equal(one.Of(Key("a")), one.Of(Key("a")));
        Assert.NotEqual(one.Of(Key("a")), one.Of(Key("b")));
        Assert.NotEqual(one.Of(Key("a")), two.Of(Key("a")));
        Assert.Throws<ArgumentException>(() => new Tombstones(new byte[16]));
    }
}
