using Omnichannel.Contracts;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Tests.Support;
using Xunit;

namespace Omnichannel.Journey.Tests;

/// <summary>What a stitched batch announces: whole reclassifications, in order, a few per message.</summary>
public sealed class AnnouncementTests
{
    private static ContactsReclassified Reclassified(string cause, int changes) => new()
    {
        PersonId = "p",
        Cause = Journeys.Key(cause),
        Changes = [.. Enumerable.Range(0, changes).Select(i => new ClassificationChange { New = new InteractionClassification { Key = Journeys.Key($"{cause}.{i}"), OccurredAt = Journeys.Day0, Channel = Channel.Web, Type = InteractionType.Contact } })],
    };

    [Fact]
    public void Reclassifications_are_gathered_whole_and_in_order_up_to_the_changes_a_message_holds()
    {
        var limit = StitchInteractionConsumer.ChangesPerMessage;
        var reclassifications = new[] { 1, limit - 1, 1, 3, limit * 3, 2, limit, 1 }.Select((n, i) => Reclassified($"c{i}", n)).ToList();

        var messages = StitchInteractionConsumer.InMessages(reclassifications).ToList();

        Assert.Equal(reclassifications.Select(r => r.Cause), messages.SelectMany(m => m).Select(r => r.Cause));
        Assert.Equal([["c0", "c1"], ["c2", "c3"], ["c4"], ["c5"], ["c6"], ["c7"]], messages.Select(m => m.Select(r => r.Cause.Id).ToList()).ToList());
        // Only a reclassification larger than a message travels over the limit, alone.
        Assert.All(messages, m => Assert.True(m.Sum(r => r.Changes.Count) <= limit || m.Count == 1));
    }

    [Fact]
    public void Nothing_to_announce_is_no_message()
    {
        Assert.Empty(StitchInteractionConsumer.InMessages([]));
    }
}
