using Omnichannel.Portal.ScreenPop;
using Xunit;

namespace Omnichannel.Portal.Tests;

public sealed class ScreenPopsTests
{
    private static ScreenPopNotice Call(string id) => new(id, DateTimeOffset.UnixEpoch, "p-1", null);

    [Fact]
    public void A_call_reaches_every_page_its_agent_has_open_and_no_other_agents()
    {
        var pops = new ScreenPops();
        using var first = pops.Subscribe("agent-7");
        using var second = pops.Subscribe("agent-7");
        using var other = pops.Subscribe("agent-3");

        Assert.Equal(2, pops.Publish("agent-7", Call("c1")));

        Assert.True(first.Notices.TryRead(out var a) && a.CallId == "c1");
        Assert.True(second.Notices.TryRead(out var b) && b.CallId == "c1");
        Assert.False(other.Notices.TryRead(out _));
    }

    [Fact]
    public void A_closed_page_receives_nothing_more()
    {
        var pops = new ScreenPops();
        var page = pops.Subscribe("agent-7");
        page.Dispose();

        Assert.Equal(0, pops.Publish("agent-7", Call("c1")));
    }

    [Fact]
    public void A_page_that_does_not_read_keeps_the_latest_calls_and_never_blocks()
    {
        var pops = new ScreenPops();
        using var page = pops.Subscribe("agent-7");

        for (var i = 0; i < 100; i++)
        {
            pops.Publish("agent-7", Call($"c{i}"));
        }

        Assert.True(page.Notices.TryRead(out var oldest));
        Assert.Equal("c84", oldest.CallId);
    }
}
