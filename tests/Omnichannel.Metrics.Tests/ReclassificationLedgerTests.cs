using Omnichannel.Testing;
using Xunit;
using static Omnichannel.Metrics.Tests.Examples;

namespace Omnichannel.Metrics.Tests;

/// <summary>Subtract old, add new: order and redelivery of the journey's messages change nothing.</summary>
public sealed class ReclassificationLedgerTests
{
    [Fact]
    public void A_redelivered_message_changes_nothing()
    {
        var ledger = new ReclassificationLedger();
        var message = Published(C())[2];

        Assert.True(ledger.Apply(message));
        Assert.False(ledger.Apply(message));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Messages_in_any_order_with_repeats_leave_each_current_classification_once(int seed)
    {
        var stream = SyntheticStream.Generate(300, 3_000, seed);
        var engine = new Domain.Engine.JourneyEngine();
        var messages = stream.Select(engine.Apply)
            .Select(r => new Contracts.ContactsReclassified { PersonId = r.PersonId, Cause = r.Interaction, Changes = r.Changes })
            .ToList();
        var random = new Random(seed);
        var delivered = messages.Concat(messages.Where(_ => random.Next(10) == 0)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(delivered));

        var current = Ledger(delivered).Current.ToList();

        Assert.Equal(engine.CurrentClassifications().Count, current.Count);
        Assert.Equal(engine.CurrentClassifications().Values.ToHashSet(), current.ToHashSet());
    }
}
