using System.ComponentModel.DataAnnotations;
using Omnichannel.Hosting.Stores;

namespace Omnichannel.Metrics;

/// <summary>The metrics service; bound from <c>Metrics</c> (env <c>Metrics__SqlitePath</c>...).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Where the roll-ups are: <c>Sqlite</c> (one file: one metrics replica) or <c>MongoDb</c> (the
    /// <c>MongoDb</c> section: replicas share the roll-ups); unset, the deployment's choice (<c>Journey__Store</c>).
    /// </summary>
    public StoreKind? Store { get; set; }

    /// <summary>
    /// On MongoDB: how long a metrics replica's slot stays its own without renewal (renewed every third). A
    /// replica killed with a batch in hand has it finished by another within about this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MongoLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The SQLite file of the roll-ups, created with its folder at start.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/metrics.db";

    /// <summary>The time zone days are counted in (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>
    /// How long a batch of reclassifications waits to fill before it is rolled up in one transaction: the
    /// longer, the more changes share each roll-up row written (dashboards trail by about this much).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest period one query may cover, in days.</summary>
    [Range(1, 3660)]
    public int MaxPeriodDays { get; set; } = 366;

    /// <summary>
    /// A dashboard figure computed from fewer contacts than this is masked (« &lt; 5 ») in the API, the pages and the
    /// CSV (docs/domain.md §6, small counts): 5, the threshold French public statistics commonly apply to
    /// published cells. 1 shows everything.
    /// </summary>
    [Range(1, 1000)]
    public int SmallCountThreshold { get; set; } = Domain.Metrics.SmallCounts.DefaultThreshold;
}
