using System.Collections.Concurrent;
using System.Threading.Channels;
using Identifier = Omnichannel.Contracts.Identifier;

namespace Omnichannel.Portal.ScreenPop;

/// <summary>
/// The advisors' open pages in this process, by agent id: a call answered by an agent goes to each page
/// that agent has open. A page that reads too slowly loses its oldest notices, never blocks the bus. The
/// last calls each agent answered are kept with what the call said of the caller, so that the advisor can
/// record having verified the caller's identity (and nobody else can, nor for another call).
/// </summary>
public sealed class ScreenPops
{
    /// <summary>Answered calls kept per agent: the advisor verifies the caller while the call lasts.</summary>
    private const int CallsKept = 32;

    private readonly ConcurrentDictionary<string, LinkedList<AnsweredCall>> _calls = new(StringComparer.Ordinal);

    /// <summary>Keeps an answered call for its agent, dropping the oldest past <see cref="CallsKept"/>.</summary>
    public void Remember(string agentId, AnsweredCall call)
    {
        var calls = _calls.GetOrAdd(agentId, _ => new());
        lock (calls)
        {
            calls.AddFirst(call);
            while (calls.Count > CallsKept)
            {
                calls.RemoveLast();
            }
        }
    }

    /// <summary>A call this agent answered lately, if it is one.</summary>
    public AnsweredCall? Find(string agentId, string callId)
    {
        if (!_calls.TryGetValue(agentId, out var calls))
        {
            return null;
        }

        lock (calls)
        {
            return calls.FirstOrDefault(c => string.Equals(c.CallId, callId, StringComparison.Ordinal));
        }
    }

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

    /// <summary>An answered call as the screen-pop saw it: what it said of the caller, and whom it claims.</summary>
    public sealed record AnsweredCall(string CallId, IReadOnlyList<Identifier> Identifiers, IReadOnlyList<(Identifier Identifier, string PersonId)> Claims);
}
