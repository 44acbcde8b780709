using System.ComponentModel.DataAnnotations;

namespace Omnichannel.Metrics;

/// <summary>The metrics service; bound from <c>Metrics</c> (env <c>Metrics__SqlitePath</c>...).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>The SQLite file of the roll-ups, created with its folder at start.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/metrics.db";

    /// <summary>The time zone days are counted in (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>The longest period one query may cover, in days.</summary>
    [Range(1, 3660)]
    public int MaxPeriodDays { get; set; } = 366;
}
