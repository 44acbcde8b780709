using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// A level of the roll-ups: the same sums grouped by fewer keys, so that the common questions (a period, a
/// channel) sum hundreds of rows, not the whole cube. Every store keeps every level; a query reads the
/// smallest that has the keys it filters or groups on.
/// </summary>
internal sealed record RollUpLevel(string Name, string[] Keys)
{
    /// <summary>Smallest first; the last is the finest, keyed by all four.</summary>
    public static IReadOnlyList<RollUpLevel> All { get; } =
    [
        new("day", ["day"]),
        new("channel", ["day", "channel"]),
        new("daymotive", ["day", "motive"]),
        new("motive", ["day", "channel", "motive"]),
        new("service", ["day", "channel", "service"]),
        new("all", ["day", "channel", "motive", "service"]),
    ];

    /// <summary>The finest level: its keys are a contribution's own.</summary>
    public bool IsFinest => Keys.Length == 4;

    /// <summary>The smallest level that has the keys <paramref name="query"/> filters on, and the one it groups by (motive or service).</summary>
    public static RollUpLevel For(MetricsQuery query, bool groupsByMotive, bool groupsByService = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        var needsMotive = query.Motive is not null || groupsByMotive;
        var needsService = query.Service is not null || groupsByService;
        return All.First(l => (query.Channel is null || l.Has("channel")) && (!needsMotive || l.Has("motive")) && (!needsService || l.Has("service")));
    }

    /// <summary>The level the work lists read: the smallest with the service.</summary>
    public static RollUpLevel ByService { get; } = All.First(l => l.Has("service"));

    public bool Has(string key) => Keys.Contains(key);

    /// <summary>The key of this level a finest key adds to: the keys it lacks blanked.</summary>
    public Contribution Project(Contribution key) => new(
        key.Day,
        Has("channel") ? key.Channel : 0,
        Has("motive") ? key.Motive : "",
        Has("service") ? key.Service : "");
}
