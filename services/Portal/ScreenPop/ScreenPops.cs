using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Omnichannel.Portal.ScreenPop;

/// <summary>
/// The advisors' open pages in this process, by agent id: a call answered by an agent goes to each page
/// that agent has open. A page that reads too slowly loses its oldest notices, never blocks the bus.
/// </summary>
public sealed class ScreenPops
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<ScreenPopNotice>>> _pages = new(StringComparer.Ordinal);

    /// <summary>Opens a page's feed; dispose the subscription when the page goes.</summary>
    public Subscription Subscribe(string agentId)
    {
        var feed = Channel.CreateBounded<ScreenPopNotice>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var id = Guid.NewGuid();
        _pages.GetOrAdd(agentId, _ => new()).TryAdd(id, feed);
        return new Subscription(feed.Reader, () =>
        {
            if (_pages.TryGetValue(agentId, out var pages))
            {
                pages.TryRemove(id, out _);
            }
        });
    }

    /// <returns>How many open pages received it.</returns>
    public int Publish(string agentId, ScreenPopNotice notice)
    {
        if (!_pages.TryGetValue(agentId, out var pages))
        {
            return 0;
        }

        var sent = 0;
        foreach (var feed in pages.Values)
        {
            sent += feed.Writer.TryWrite(notice) ? 1 : 0;
        }

        return sent;
    }

    public sealed class Subscription(ChannelReader<ScreenPopNotice> notices, Action close) : IDisposable
    {
        public ChannelReader<ScreenPopNotice> Notices { get; } = notices;

        public void Dispose() => close();
    }
}
