using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// A level of the roll-ups: the same sums grouped by fewer keys, so that the common questions (a period, a
/// channel) sum hundreds of rows, not the whole cube. The SQLite store keeps every level, the MongoDB store
/// <see cref="InMongo"/>; a query reads the smallest that has the keys it filters or groups on. A level's rows
/// are kept in the order of its keys: one whose first key comes before the day holds one service's
/// (<c>serviceall</c>) or one motive's (<c>motiveservice</c>, <c>motiveall</c>) days together, and is read only by a query that names
/// that service or motive (anything else would read the whole level).
/// </summary>
internal sealed record RollUpLevel(string Name, string[] Keys)
{
    /// <summary>
    /// Smallest first, but a level kept service or motive first before the day-first ones it could stand in for
    /// (a query naming the service or motive reads its own rows); the last is the finest, keyed by all four, day first.
    /// </summary>
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
        // One motive's days together, by service: the services table of a dashboard that names a motive and no
        // channel (a motive is a prefix: its rows and those below it are one range of the key). Without the channel,
        // a sixth of the rows of the level below (issue 22: at 1 M, 60,000 rows summed for a motive prefix over 90 days).
        new("motiveservice", ["motive", "day", "service"]),
        // And with the channel: the services table of a dashboard that names a motive and a channel.
        new("motiveall", ["motive", "day", "channel", "service"]),
        // The services table of a dashboard that names no channel: every service's days without the channels'
        // rows (issue 22: the whole page unfiltered waited for the services table).
        new("dayservice", ["day", "service"]),
        new("service", ["day", "channel", "service"]),
        new("all", ["day", "channel", "motive", "service"]),
    ];

    /// <summary>
    /// The channel switches' levels in the SQLite store, each a table of that name whose key is the level's with
    /// the channel switched from (<c>from_channel</c>) before the channel switched to: smallest first, as
    /// <see cref="All"/>, read through <see cref="For"/>. The last is the finest, keyed by all four, day first.
    /// </summary>
    public static IReadOnlyList<RollUpLevel> Switches { get; } =
    [
        new("switches_by_day", ["day", "channel"]),
        // One service's switches of the period together, whatever else the dashboard filters on.
        new("switches_by_service", ["service", "day", "channel", "motive"]),
        // One motive's switches together, without the services (issue 22: with a motive and no service, the page
        // waited for the finest table's every row of the period, 31-55 ms over 90 days at 1 M, 53-58 ms p99 at 10 M).
        new("switches_by_motive", ["motive", "day", "channel"]),
        new("switches", ["day", "channel", "motive", "service"]),
    ];

    /// <summary>
    /// The levels the MongoDB store keeps: those every store kept from its first version, day first, read through
    /// its <c>{ l, d }</c> index. A level added later would need, there, an index of its own if not day first,
    /// and in a deployment that upgrades, a backfill (the SQLite store backfills a new level from the finest at start).
    /// </summary>
    public static IReadOnlyList<RollUpLevel> InMongo { get; } = [.. All.Where(l => l.Name is "day" or "channel" or "daymotive" or "motive" or "service" or "all")];

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

    /// <summary>True for a level kept day first, or for one kept service (motive) first when the query names one service (motive).</summary>
    public bool IsPinnedBy(MetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Keys[0] switch
        {
            "day" => true,
            "service" => query.Service is not null,
            "motive" => query.Motive is not null,
            _ => false,
        };
    }

    /// <summary>The key of this level a finest key adds to: the keys it lacks blanked.</summary>
    public Contribution Project(Contribution key) => new(
        key.Day,
        Has("channel") ? key.Channel : 0,
        Has("motive") ? key.Motive : "",
        Has("service") ? key.Service : "");
}
