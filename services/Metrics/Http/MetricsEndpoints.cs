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
        new("convention", "For csv: fr (default: ';', decimal comma, UTF-8 with BOM, French headers, days as 04/03/2026, for French spreadsheets) or machine (',', '.', English headers, ISO days).", Values: ["fr", "machine"]),
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
        group.MapGet("/services", ServicesAsync).WithName("MetricsServices")
            .WithSummary("The services side by side: each one's summary over the period, most contacts first")
            .WithDescription("The service filter keeps that service only; \"\" is the contacts that named none.").DocumentsQuery(Parameters)
            .Produces<ServicesResponse>().ProducesValidationProblem();
        group.MapGet("/due", DueAsync).WithName("MetricsDue")
            .WithSummary("Work list: acknowledgements due and announced deadlines still unmet in the next days, by service")
            .WithDescription("Counts of the administration's own promises falling due after now and within `days` days (to the hour), most first. Operational counts of what is owed, not statistics about citizens: not masked.")
            .DocumentsQuery(
                new QueryParameter("days", $"How many days ahead, 1 to {MaxDueDays}; {DefaultDueDays} by default.", Example: "7", Integer: true),
                new QueryParameter("service", "Only this administrative unit.", Example: "SIP Paris 15"))
            .Produces<DueResponse>().ProducesValidationProblem();
        return group;
    }

    private static Task<IResult> SummaryAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var summary = await store.SummarizeAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv is { } convention
                ? SummaryTable(new CsvTable(convention, k), day: false).Row(SummaryCells(null, summary, k)).ToFile("summary")
                : Masked(new SummaryResponse(Echo(query), summary) { SmallCountThreshold = k }, json, node => MaskSummary(node["metrics"]!.AsObject(), summary, k));
        });

    private static Task<IResult> TimeseriesAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var days = await store.TimeseriesAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv is { } convention
                ? days.Aggregate(SummaryTable(new CsvTable(convention, k), day: true), (table, d) => table.Row(SummaryCells(d.Day, d.Summary, k))).ToFile("timeseries")
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
            return csv is { } convention
                ? switches.Aggregate(
                    new CsvTable(convention, k).Header(("from", "Canal précédent"), ("to", "Canal de la réitération"), ("reiterations", "Réitérations")),
                    (table, s) => table.Row(ChannelName(table, s.From), ChannelName(table, s.To), SmallCounts.IsMasked(s.Count, k) ? CsvTable.Masked : s.Count)).ToFile("channel-switches")
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

    private static Task<IResult> MotivesAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, Domain.Motives.MotiveCatalogue catalogue, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var motives = await store.MotivesAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv is { } convention
                ? motives.Aggregate(
                    new CsvTable(convention, k).Header(("motive", "Code du motif"), ("label", "Motif"), ("contacts", "Contacts"), ("reiterations", "Réitérations"), ("reiterationRate", "Taux de réitération"), ("fcrRate", "Taux de résolution au premier contact")),
                    (table, m) =>
                    {
                        var masked = SmallCounts.Masked(m, k);
                        object? Shown(string name, object? value) => masked.Contains(name) ? CsvTable.Masked : value;
                        return table.Row(m.Motive, catalogue.Label(m.Motive), Shown("contacts", m.Contacts), Shown("reiterations", m.Reiterations), Shown("reiterationRate", m.ReiterationRate), Shown("fcrRate", m.FcrRate));
                    }).ToFile("motives")
                : Masked(new MotivesResponse(Echo(query), motives) { SmallCountThreshold = k }, json, node =>
                {
                    var entries = node["motives"]!.AsArray();
                    for (var i = 0; i < motives.Count; i++)
                    {
                        Mask(entries[i]!.AsObject(), SmallCounts.Masked(motives[i], k));
                    }
                });
        });

    private static Task<IResult> ServicesAsync(HttpRequest request, IMetricsStore store, IOptions<MetricsOptions> options, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken) =>
        AnswerAsync(request, options, time, async (query, csv) =>
        {
            var services = await store.ServicesAsync(query, cancellationToken);
            var k = options.Value.SmallCountThreshold;
            return csv is { } convention
                ? services.Aggregate(
                    new CsvTable(convention, k).Header([("service", "Service"), .. MetricCatalogue.Metrics.Select(m => (m.CsvColumn, FrenchHeader(m)))]),
                    (table, s) => table.Row([s.Service, .. SummaryCells(null, s.Metrics, k)])).ToFile("services")
                : Masked(new ServicesResponse(Echo(query), services) { SmallCountThreshold = k }, json, node =>
                {
                    var entries = node["services"]!.AsArray();
                    for (var i = 0; i < services.Count; i++)
                    {
                        MaskSummary(entries[i]!["metrics"]!.AsObject(), services[i].Metrics, k);
                    }
                });
        });

    private const int DefaultDueDays = 7;

    private const int MaxDueDays = 90;

    private static async Task<IResult> DueAsync(HttpRequest request, IMetricsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var days = DefaultDueDays;
        if (request.Query["days"] is { Count: > 0 } given
            && (!int.TryParse(given.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDueDays))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"'{given}' is not a number of days from 1 to {MaxDueDays}."] },
                title: "The work-list request is not valid.", detail: "See 'errors': each parameter with the reasons it was refused.");
        }

        var service = request.Query["service"].ToString() is { Length: > 0 } named ? named : null;
        var now = time.GetUtcNow();
        var until = now.AddDays(days);
        return TypedResults.Ok(new DueResponse(now, until, days, await store.DueAsync(now, until, service, cancellationToken)));
    }

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


    private static async Task<IResult> AnswerAsync(HttpRequest request, IOptions<MetricsOptions> options, TimeProvider time, Func<MetricsQuery, CsvConvention?, Task<IResult>> answer)
    {
        if (!MetricsRequest.TryRead(request.Query, options.Value, time.GetUtcNow(), out var query, out var csv, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The metrics request is not valid.", detail: "See 'errors': each parameter with the reasons it was refused.");
        }

        return await answer(query, csv);
    }

    private static QueryEcho Echo(MetricsQuery query) =>
        new(query.From, query.To, query.Channel is { } c ? Name(c) : null, query.Motive, query.Service, query.AsOf);

    /// <summary>The summary's CSV columns: every figure of the catalogue, in its order (the day first, for a time series).</summary>
    private static CsvTable SummaryTable(CsvTable table, bool day) =>
        table.Header([.. day ? new[] { ("day", "Jour") } : [], .. MetricCatalogue.Metrics.Select(m => (m.CsvColumn, FrenchHeader(m)))]);

    private static object?[] SummaryCells(DateOnly? day, MetricsSummary s, int threshold)
    {
        var masked = SmallCounts.Masked(s, threshold);
        var cells = MetricCatalogue.Metrics.Select(m => masked.Contains(m.Name) ? CsvTable.Masked : (object?)m.Value(s));
        return day is { } d ? [d, .. cells] : [.. cells];
    }

    /// <summary>A figure's French header: its label, and its unit where the label alone would not say it.</summary>
    private static string FrenchHeader(Metric metric) => metric.Unit switch
    {
        MetricUnit.Rate => $"{metric.Label} (taux)",
        MetricUnit.Duration => $"{metric.Label} (heures)",
        _ => metric.Label,
    };

    private static string ChannelName(CsvTable table, Contracts.Channel channel) => table.IsFrench ? Domain.ChannelLabels.French(channel) : Name(channel);

    private static string Name(Contracts.Channel channel) => channel.ToString().ToLowerInvariant();
}
