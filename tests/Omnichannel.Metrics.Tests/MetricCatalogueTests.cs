using System.Text.Json;
using System.Text.RegularExpressions;
using Omnichannel.Domain.Metrics;
using Xunit;

namespace Omnichannel.Metrics.Tests;

/// <summary>The catalogue names what the API returns, no more and no less, and the dashboard only what it names.</summary>
public sealed partial class MetricCatalogueTests
{
    private static readonly MetricsCalculator Calculator = MetricsCalculator.Paris;

    [Fact]
    public void Every_figure_of_the_summary_json_is_in_the_catalogue_in_the_same_order()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new MetricsSummary(), JsonSerializerOptions.Web));

        Assert.Equal(
            json.RootElement.EnumerateObject().Select(p => p.Name),
            MetricCatalogue.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Each_figure_reads_the_value_the_json_carries()
    {
        var example = Examples.Ledger(Examples.Published(Examples.B())).Current;
        var summary = Calculator.Summarize(example, Examples.Query(0, 60, asOf: 50));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(summary, JsonSerializerOptions.Web));

        foreach (var metric in MetricCatalogue.Metrics)
        {
            var value = json.RootElement.GetProperty(metric.Name);
            double? expected = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => TimeSpan.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture).TotalHours,
                _ => value.GetDouble(),
            };
            Assert.True(expected == metric.Value(summary), $"{metric.Name}: json {expected}, catalogue {metric.Value(summary)}");
        }

        Assert.Contains(MetricCatalogue.Metrics, m => m.Value(summary) is > 0);
    }

    [Fact]
    public void Names_and_csv_columns_are_unique_and_every_tile_detail_names_a_figure()
    {
        Assert.Equal(MetricCatalogue.Metrics.Count, MetricCatalogue.Metrics.Select(m => m.Name).Distinct().Count());
        Assert.Equal(MetricCatalogue.Metrics.Count, MetricCatalogue.Metrics.Select(m => m.CsvColumn).Distinct().Count());
        Assert.Equal(MetricCatalogue.Counters.Count, MetricCatalogue.Counters.Select(c => c.Column).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, MetricCatalogue.Counters.Count), MetricCatalogue.Counters.Select(c => c.Index));
        foreach (var tile in MetricCatalogue.Tiles.Where(t => t.Detail is not null))
        {
            foreach (Match placeholder in Placeholder().Matches(tile.Detail!))
            {
                Assert.Contains(MetricCatalogue.Metrics, m => m.Name == placeholder.Groups[1].Value);
            }
        }
    }

    /// <summary>A figure of a tile's detail, with the word that follows it in the singular and the plural (French: 0 and 1 take the singular).</summary>
    [GeneratedRegex(@"\{(\w+)(?:\|[^|}]+\|[^}]+)?\}")]
    private static partial Regex Placeholder();
}
