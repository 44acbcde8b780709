namespace Omnichannel.Domain.Metrics;

/// <summary>How a figure reads.</summary>
public enum MetricUnit
{
    /// <summary>A number of interactions.</summary>
    Count,

    /// <summary>A share between 0 and 1, shown as a percentage.</summary>
    Rate,

    /// <summary>A quotient of two counts (contacts per demand).</summary>
    Ratio,

    /// <summary>A duration; in hours in the CSV.</summary>
    Duration,
}

/// <summary>
/// A figure of <see cref="MetricsSummary"/>: its name in the JSON, its French label, its unit, its CSV column
/// and how it is read from a summary (a duration in hours). Listed in <see cref="MetricCatalogue.Metrics"/>.
/// </summary>
public sealed record Metric(string Name, string Label, MetricUnit Unit, string CsvColumn, Func<MetricsSummary, double?> Value);

/// <summary>
/// A tile of the managers' dashboard: its element id, its French label, the figures it shows (joined with
/// « / »), and a line of detail in French whose <c>{name}</c> placeholders are figures of the summary.
/// </summary>
public sealed record MetricTile(string Id, string Label, IReadOnlyList<Metric> Figures, string? Detail = null);
