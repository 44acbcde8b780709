using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Metrics.Store;

namespace Omnichannel.Metrics.Http;

/// <summary>
/// The managers' metrics API (DOMAIN §4), aggregates only, read from the roll-ups:
/// <c>GET /api/v1/metrics/summary</c>, <c>/timeseries</c>, <c>/channel-switches</c>, <c>/motives</c>,
/// each with <c>from</c>, <c>to</c>, <c>channel</c>, <c>motive</c>, <c>service</c>, <c>asOf</c>, and <c>format=csv</c> for a spreadsheet.
/// </summary>
public static class MetricsEndpoints
{
    private static readonly QueryParameter[] Parameters =
    [
        new("from", "The period's first day (1900-01-01 to 2999-12-31).", Required: true, Format: "date", Example: "2026-03-01"),
        new("to", "The period's last day, included; at most 366 days after from.", Required: true, Format: "date", Example: "2026-03-31"),
        new("channel", "Only this channel.", Values: [.. Enum.GetValues<Channel>().Select(WireNames.Of)]),
        new("motive", "Only motives with this dotted prefix, e.g. income-tax.", Example: "income-tax"),
        new("service", "Only this administrative unit.", Example: "SIP Paris 15"),
        new("asOf", "The numbers as known at this instant (ISO-8601 with offset); now by default.", Format: "date-time"),
        new("format", "json (default) or csv, for a spreadsheet.", Values: ["json", "csv"]),
    ];

    public static RouteGroupBuilder MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        // Aggregates only, for managers; advisors and admins have no use for them.
        var group = routes.MapGroup("/api/v1/metrics").WithTags("Metrics").RequireAuthorization(OmnichannelRoles.Manager).ProducesSessionProblems();
        group.MapGet("/summary", SummaryAsync).WithName("MetricsSummary")
            .WithSummary("Contacts, reiteration, FCR, acknowledgement, deadlines, time to resolution and pick-up over a period")
            .WithDescription("Every count on the day of the interaction it is about; rates are null when their denominator is 0. A figure computed from fewer contacts than smallCountThreshold is null and named in masked (shown « < 5 »).").DocumentsQuery(Parameters)
            .Produces<SummaryResponse>().ProducesValidationProblem();
        group.MapGet("/timeseries", TimeseriesAsync).WithName("MetricsTimeseries")
            .WithSummary("The summary of each day of the period").WithDescription("One entry per day, in order.").DocumentsQuery(Parameters)
            .Produces<TimeseriesResponse>().ProducesValidationProblem();
        group.MapGet("/channel-switches", ChannelSwitchesAsync).WithName("MetricsChannelSwitches")
            .WithSummary("The channel-switch matrix: reiterations by their predecessor's channel and their own")
            .WithDescription("The channel filter is the reiteration's own channel.").DocumentsQuery(Parameters)
            .Produces<ChannelSwitchesResponse>().ProducesValidationProblem();
        group.MapGet("/motives", MotivesAsync).WithName("MetricsMotives")
            .WithSummary("Motives by reiteration, most first").DocumentsQuery(Parameters)
            .Produces<MotivesResponse>().ProducesValidationProblem();
        return group;
    }

    private static Task<IResult> SummaryAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var summary = await store.SummarizeAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv
                ? Csv("summary", SummaryHeader, [SummaryRow(null, summary, k)])
                : Masked(new SummaryResponse(Echo(query), summary) { SmallCountThreshold = k }, json, node => MaskSummary(node["metrics"]!.AsObject(), summary, k));
        });

    private static Task<IResult> TimeseriesAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var days = await store.TimeseriesAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv
                ? Csv("timeseries", "day," + SummaryHeader, days.Select(d => SummaryRow(d.Day, d.Summary, k)))
                : Masked(new TimeseriesResponse(Echo(query), [.. days.Select(d => new DayMetrics(d.Day, d.Summary))]) { SmallCountThreshold = k }, json, node =>
                {
                    var entries = node["days"]!.AsArray();
                    for (var i = 0; i < days.Count; i++)
                    {
                        MaskSummary(entries[i]!["metrics"]!.AsObject(), days[i].Summary, k);
                    }
                });
        });

    private static Task<IResult> ChannelSwitchesAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var switches = await store.ChannelSwitchesAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv
                ? Csv("channel-switches", "from,to,reiterations", switches.Select(s => $"{Name(s.From)},{Name(s.To)},{Count(s.Count, k)}"))
                : Masked(new ChannelSwitchesResponse(Echo(query), switches) { SmallCountThreshold = k }, json, node =>
                {
                    var entries = node["switches"]!.AsArray();
                    for (var i = 0; i < switches.Count; i++)
                    {
                        if (SmallCounts.IsMasked(switches[i].Count, k))
                        {
                            entries[i]!["count"] = null;
                            entries[i]!["masked"] = new JsonArray("count");
                        }
                    }
                });
        });

    private static Task<IResult> MotivesAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var motives = await store.MotivesAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv
                ? Csv("motives", "motive,contacts,reiterations,reiterationRate,fcrRate", motives.Select(m =>
                {
                    var masked = SmallCounts.Masked(m, k);
                    string Shown(string name, string value) => masked.Contains(name) ? MaskedText(k) : value;
                    return $"{Field(m.Motive)},{Shown("contacts", m.Contacts.ToString(CultureInfo.InvariantCulture))},{Shown("reiterations", m.Reiterations.ToString(CultureInfo.InvariantCulture))},{Shown("reiterationRate", Number(m.ReiterationRate))},{Shown("fcrRate", Number(m.FcrRate))}";
                }))
                : Masked(new MotivesResponse(Echo(query), motives) { SmallCountThreshold = k }, json, node =>
                {
                    var entries = node["motives"]!.AsArray();
                    for (var i = 0; i < motives.Count; i++)
                    {
                        Mask(entries[i]!.AsObject(), SmallCounts.Masked(motives[i], k));
                    }
                });
        });

    /// <summary>The response as JSON, its small counts nulled and named in <c>masked</c> (docs/domain.md §6).</summary>
    private static IResult Masked<T>(T response, IOptions<JsonOptions> json, Action<JsonNode> mask)
    {
        var node = JsonSerializer.SerializeToNode(response, json.Value.SerializerOptions)!;
        mask(node);
        return TypedResults.Json(node, json.Value.SerializerOptions);
    }

    private static void MaskSummary(JsonObject metrics, MetricsSummary summary, int threshold) => Mask(metrics, SmallCounts.Masked(summary, threshold));

    private static void Mask(JsonObject figures, IReadOnlyList<string> masked)
    {
        foreach (var name in masked)
        {
            figures[name] = null;
        }

        figures["masked"] = new JsonArray([.. masked.Select(m => (JsonNode?)JsonValue.Create(m))]);
    }

    /// <summary>What the CSV shows for a masked figure.</summary>
    private static string MaskedText(int threshold) => $"< {threshold.ToString(CultureInfo.InvariantCulture)}";

    private static string Count(int count, int threshold) => SmallCounts.IsMasked(count, threshold) ? MaskedText(threshold) : count.ToString(CultureInfo.InvariantCulture);

    private static async Task<IResult> AnswerAsync(HttpRequest request, IOptions<MetricsOptions> options, TimeProvider time, Func<MetricsQuery, bool, Task<IResult>> answer)
    {
        if (!MetricsRequest.TryRead(request.Query, options.Value, time.GetUtcNow(), out var query, out var csv, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The metrics request is not valid.", detail: "See 'errors': each parameter with the reasons it was refused.");
        }

        return await answer(query, csv);
    }

    private static QueryEcho Echo(MetricsQuery query) =>
        new(query.From, query.To, query.Channel is { } c ? Name(c) : null, query.Motive, query.Service, query.AsOf);

    /// <summary>The summary's CSV columns: every figure of the catalogue, in its order.</summary>
    private static readonly string SummaryHeader = string.Join(',', MetricCatalogue.Metrics.Select(m => m.CsvColumn));

    private static string SummaryRow(DateOnly? day, MetricsSummary s, int threshold)
    {
        var masked = SmallCounts.Masked(s, threshold);
        var row = string.Join(',', MetricCatalogue.Metrics.Select(m => masked.Contains(m.Name) ? MaskedText(threshold) : Number(m.Value(s))));
        return day is { } d ? $"{d:yyyy-MM-dd},{row}" : row;
    }

    private static string Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static string Name(Contracts.Channel channel) => channel.ToString().ToLowerInvariant();

    /// <summary>A CSV field, quoted when it must be (RFC 4180).</summary>
    private static string Field(string text) => text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static IResult Csv(string name, string header, IEnumerable<string> rows)
    {
        var text = new StringBuilder(header).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(row).Append("\r\n");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{name}.csv");
    }
}
