using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// A level of the roll-ups: the same sums grouped by fewer keys, so that the common questions (a period, a
/// channel) sum hundreds of rows, not the whole cube. Every store keeps every level; a query reads the
/// smallest that has the keys it filters or groups on (the MongoDB store keeps <see cref="DayFirst"/>). A level's rows are kept in the order of its keys: one
/// whose first key comes before the day (<c>serviceall</c>) holds one service's days together, and is read
/// only by a query that names that service (anything else would read the whole level).
/// </summary>
internal sealed record RollUpLevel(string Name, string[] Keys)
{
    /// <summary>Smallest first; the last is the finest, keyed by all four, day first.</summary>
    public static IReadOnlyList<RollUpLevel> All { get; } =
    [
        new("day", ["day"]),
        new("channel", ["day", "channel"]),
        new("daymotive", ["day", "motive"]),
        new("motive", ["day", "channel", "motive"]),
        // The finest sums again, one service's days together: a service's dashboard, whatever else it filters on,
        // reads its own rows of the period rather than every service's (issue 22: a motive and a service together
        // read the finest level, 71 ms p99 over 90 days at 10 M).
        new("serviceall", ["service", "day", "channel", "motive"]),
        new("service", ["day", "channel", "service"]),
        new("all", ["day", "channel", "motive", "service"]),
    ];

    /// <summary>
    /// The levels kept day first, all but <c>serviceall</c>: what the MongoDB store keeps, whose reads go by its
    /// <c>{ l, d }</c> index (a service-first level there would need an index of its own, and a deployment that
    /// upgrades, a backfill of it; the SQLite store backfills a new level from the finest at start).
    /// </summary>
    public static IReadOnlyList<RollUpLevel> DayFirst { get; } = [.. All.Where(l => l.Keys[0] == "day")];

    /// <summary>The finest level: its keys are a contribution's own.</summary>
    public bool IsFinest => Keys.Length == 4;

    /// <summary>The smallest level (of <paramref name="among"/>, all by default) that has the keys <paramref name="query"/> filters on, and the one it groups by (motive or service).</summary>
    public static RollUpLevel For(MetricsQuery query, bool groupsByMotive, bool groupsByService = false, IReadOnlyList<RollUpLevel>? among = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var needsMotive = query.Motive is not null || groupsByMotive;
        var needsService = query.Service is not null || groupsByService;
        return (among ?? All).First(l => (query.Channel is null || l.Has("channel")) && (!needsMotive || l.Has("motive")) && (!needsService || l.Has("service")) && l.IsPinnedBy(query));
    }

    /// <summary>The level the work lists read (every service's promises due, by service): by day, channel and service.</summary>
    public static RollUpLevel ByService { get; } = All.Single(l => l.Name == "service");

    public bool Has(string key) => Keys.Contains(key);

    /// <summary>True for a level kept day first, or for one kept service first when the query names one service.</summary>
    public bool IsPinnedBy(MetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Keys[0] == "day" || (Keys[0] == "service" && query.Service is not null);
    }

    /// <summary>The key of this level a finest key adds to: the keys it lacks blanked.</summary>
    public Contribution Project(Contribution key) => new(
        key.Day,
        Has("channel") ? key.Channel : 0,
        Has("motive") ? key.Motive : "",
        Has("service") ? key.Service : "");
}
