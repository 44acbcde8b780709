using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnichannel.Hosting.Security;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// The managers' metrics API on the embedded default, fed through the real ingestion API with DOMAIN §5's
/// worked example B: the numbers it implies, the CSV export, and a 400 naming the parameter for bad input.
/// </summary>
public sealed class MetricsApiTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>, IAsyncLifetime
{
    private const string Period = "from=2026-03-02&to=2026-04-30";
    private const string AsOfDay50 = "asOf=2026-04-21T10:00:00%2B02:00";

    private HttpClient _manager = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Example B, posted once for the class, in reverse order (it must give the same).</summary>
    public async ValueTask InitializeAsync()
    {
        _manager = await host.SessionAsync(OmnichannelRoles.Manager);
        string[] bodies =
        [
            """{"id":"b-web","channel":"web","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"cookie","value":"c1"},{"type":"accountId","value":"q1"},{"type":"taxId","value":"1234567890123"}],"subject":{"motive":"income-tax.correction"},"service":"SIP Paris 15"}""",
            """{"id":"b-phone","channel":"phone","type":"contact","occurredAt":"2026-03-04T09:00:00+01:00","identifiers":[{"type":"phone","value":"06 12 34 56 78"},{"type":"taxId","value":"1234567890123"}],"subject":{"motive":"income-tax.correction"},"outcome":"transferred","service":"SIP Paris 15"}""",
            """{"id":"b-email","channel":"email","type":"contact","occurredAt":"2026-03-06T09:00:00+01:00","identifiers":[{"type":"email","value":"b@example.fr"},{"type":"taxId","value":"1234567890123"}],"subject":{"motive":"income-tax.correction"},"outcome":"resolved","service":"SIP Paris 15"}""",
            """{"id":"b-day20","channel":"phone","type":"contact","occurredAt":"2026-03-22T09:00:00+01:00","identifiers":[{"type":"phone","value":"+33612345678"}],"subject":{"motive":"property-tax.question"},"service":"SIP Paris 15"}""",
            """{"id":"b-day40","channel":"phone","type":"contact","occurredAt":"2026-04-11T09:00:00+02:00","identifiers":[{"type":"phone","value":"+33612345678"}],"subject":{"motive":"property-tax.question"},"service":"SIP Paris 15"}""",
        ];
        foreach (var body in bodies.Reverse())
        {
            using var response = await host.PostAsync(body, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await EmbeddedHost.EventuallyAsync(async () =>
        {
            var metrics = await MetricsAsync($"/api/v1/metrics/summary?{Period}&{AsOfDay50}");
            return metrics.GetProperty("contacts").GetInt32() == 5 && metrics.GetProperty("reiterations").GetInt32() == 2 ? (object)metrics : null;
        }, Cancel);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<JsonElement> MetricsAsync(string path)
    {
        var answer = await _manager.GetFromJsonAsync<JsonElement>(path, Cancel);
        return answer.TryGetProperty("metrics", out var metrics) ? metrics : answer;
    }

    [Fact]
    public async Task The_summary_gives_the_numbers_example_B_implies()
    {
        var metrics = await MetricsAsync($"/api/v1/metrics/summary?{Period}&{AsOfDay50}");

        Assert.Equal(5, metrics.GetProperty("contacts").GetInt32());
        Assert.Equal(3, metrics.GetProperty("firstContacts").GetInt32());
        Assert.Equal(2, metrics.GetProperty("crossChannelReiterations").GetInt32());
        Assert.Equal(0.4, metrics.GetProperty("reiterationRate").GetDouble());
        Assert.Equal((2, 1, 0), (metrics.GetProperty("fcrResolved").GetInt32(), metrics.GetProperty("fcrFailed").GetInt32(), metrics.GetProperty("fcrPending").GetInt32()));
        Assert.Equal((0, 1), (metrics.GetProperty("acknowledged").GetInt32(), metrics.GetProperty("acknowledgementsDecided").GetInt32()));
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("deadlineRespectRate").ValueKind);
    }

    [Fact]
    public async Task The_services_compare_side_by_side_and_export_as_csv()
    {
        var services = (await _manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/services?{Period}&{AsOfDay50}", Cancel)).GetProperty("services");
        var csv = await _manager.GetStringAsync($"/api/v1/metrics/services?{Period}&{AsOfDay50}&format=csv", Cancel);

        var paris = Assert.Single(services.EnumerateArray(), s => s.GetProperty("service").GetString() == "SIP Paris 15");
        Assert.Equal((5, 2), (paris.GetProperty("metrics").GetProperty("contacts").GetInt32(), paris.GetProperty("metrics").GetProperty("reiterations").GetInt32()));
        Assert.Contains("\r\nSIP Paris 15;5;3;2;0,4;", csv, StringComparison.Ordinal);
        Assert.StartsWith("Service;Contacts;", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    /// <summary>
    /// The managers' work list: promises of the administration falling due in the next days, by service: an
    /// email not yet acknowledged (due 7 days after it), a deadline announced for 3 days from now, and an
    /// email already acknowledged (not due any more).
    /// </summary>
    [Fact]
    public async Task The_work_list_counts_acknowledgements_due_and_deadlines_at_risk_by_service()
    {
        const string service = "SIP Échéances";
        var now = DateTimeOffset.UtcNow;
        string Body(string id, string channel, string type, DateTimeOffset at, string person, string extra = "") =>
            $$"""{"id":"{{id}}","channel":"{{channel}}","type":"{{type}}","occurredAt":"{{at:O}}","identifiers":[{"type":"email","value":"{{person}}@example.fr"}],"subject":{"motive":"pas.rate"},"service":"{{service}}"{{extra}}}""";
        string[] bodies =
        [
            Body("due-email", "email", "contact", now.AddHours(-1), "due-1"),
            Body("due-acked", "email", "contact", now.AddHours(-2), "due-2"),
            Body("due-ack", "email", "notification", now.AddHours(-1), "due-2"),
            Body("due-deadline", "email", "notification", now.AddHours(-1), "due-3", $$""","announcedDeadline":"{{now.AddDays(3):O}}" """),
        ];
        foreach (var body in bodies)
        {
            using var response = await host.PostAsync(body, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var path = $"/api/v1/metrics/due?days=10&service={Uri.EscapeDataString(service)}";
        var due = await EmbeddedHost.EventuallyAsync(async () =>
        {
            var answer = await _manager.GetFromJsonAsync<JsonElement>(path, Cancel);
            var services = answer.GetProperty("services");
            return services.GetArrayLength() == 1 && services[0].GetProperty("acknowledgementsDue").GetInt32() + services[0].GetProperty("deadlinesAtRisk").GetInt32() == 2 ? (object)answer : null;
        }, Cancel);

        var entry = ((JsonElement)due).GetProperty("services")[0];
        Assert.Equal((service, 1, 1), (entry.GetProperty("service").GetString(), entry.GetProperty("acknowledgementsDue").GetInt32(), entry.GetProperty("deadlinesAtRisk").GetInt32()));
        var soon = await _manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/due?days=4&service={Uri.EscapeDataString(service)}", Cancel);
        Assert.Equal((0, 1), (soon.GetProperty("services")[0].GetProperty("acknowledgementsDue").GetInt32(), soon.GetProperty("services")[0].GetProperty("deadlinesAtRisk").GetInt32()));
        using var refused = await _manager.GetAsync("/api/v1/metrics/due?days=0", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"days\"", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Day_40_is_pending_until_as_of_reaches_day_47()
    {
        var before = await MetricsAsync("/api/v1/metrics/summary?from=2026-04-11&to=2026-04-11&asOf=2026-04-18T08:59:00%2B02:00");
        var after = await MetricsAsync("/api/v1/metrics/summary?from=2026-04-11&to=2026-04-11&asOf=2026-04-18T09:00:00%2B02:00");

        Assert.Equal(1, before.GetProperty("fcrPending").GetInt32());
        Assert.Equal(1, after.GetProperty("fcrResolved").GetInt32());
    }

    [Fact]
    public async Task Channel_switches_name_the_channels_and_motives_come_most_reiterated_first()
    {
        var switches = (await _manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/channel-switches?{Period}", Cancel)).GetProperty("switches");
        var motives = (await _manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/motives?{Period}&{AsOfDay50}", Cancel)).GetProperty("motives");

        Assert.Equal(["web>phone:1", "phone>email:1"], switches.EnumerateArray().Select(s => $"{s.GetProperty("from").GetString()}>{s.GetProperty("to").GetString()}:{s.GetProperty("count").GetInt32()}"));
        Assert.Equal("income-tax.correction", motives[0].GetProperty("motive").GetString());
        Assert.Equal(2, motives[0].GetProperty("reiterations").GetInt32());
    }

    [Fact]
    public async Task The_time_series_gives_each_day_and_exports_as_csv()
    {
        var days = (await _manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/timeseries?from=2026-03-02&to=2026-03-06&{AsOfDay50}", Cancel)).GetProperty("days");
        using var csv = await _manager.GetAsync($"/api/v1/metrics/timeseries?from=2026-03-02&to=2026-03-06&{AsOfDay50}&format=csv&convention=machine", Cancel);
        var lines = (await csv.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, days.GetArrayLength());
        Assert.Equal(1, days[2].GetProperty("metrics").GetProperty("reiterations").GetInt32());
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("day,contacts,firstContacts,reiterations,", lines[0], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("2026-03-04,1,0,1,1,1,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_follows_the_french_convention_by_default_for_french_spreadsheets()
    {
        using var csv = await _manager.GetAsync($"/api/v1/metrics/timeseries?from=2026-03-02&to=2026-03-06&{AsOfDay50}&format=csv", Cancel);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Cancel);
        var lines = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("Jour;Contacts;Premiers contacts;Réitérations;Taux de réitération (taux);", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("04/03/2026;1;0;1;1;1;", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains(',', StringComparison.Ordinal) && !l.Contains('"', StringComparison.Ordinal) && l.Split(';').Length < 3);
        var motives = await _manager.GetStringAsync($"/api/v1/metrics/motives?from=2026-03-02&to=2026-03-06&{AsOfDay50}&format=csv", Cancel);
        Assert.Contains("Code du motif;Motif;Contacts;Réitérations;", motives, StringComparison.Ordinal);
        var switches = await _manager.GetStringAsync($"/api/v1/metrics/channel-switches?from=2026-03-02&to=2026-03-06&{AsOfDay50}&format=csv", Cancel);
        Assert.Contains("Canal précédent;Canal de la réitération;Réitérations", switches, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("to=2026-03-02", "from", "Required")]
    [InlineData("from=2026-03-02", "to", "Required")]
    [InlineData("from=02/03/2026&to=2026-03-02", "from", "a day")]
    [InlineData("from=2026-03-05&to=2026-03-02", "to", "on or after")]
    [InlineData("from=2025-01-01&to=2026-03-02", "to", "at most 366 days")]
    [InlineData("from=2026-03-02&to=2026-03-02&channel=fax", "channel", "one of web")]
    [InlineData("from=2026-03-02&to=2026-03-02&channel=Phone", "channel", "one of web")]
    [InlineData("from=2026-03-02&to=2026-03-02&motive=Income%20Tax", "motive", "dotted code")]
    [InlineData("from=2026-03-02&to=2026-03-02&asOf=2026-03-02T10:00:00", "asOf", "offset")]
    [InlineData("from=2026-03-02&to=2026-03-02&format=xml", "format", "json or csv")]
    [InlineData("from=2026-03-02&to=2026-03-02&format=csv&convention=excel", "convention", "fr (French spreadsheets")]
    [InlineData("from=2026-03-02&to=2026-03-02&chanel=phone", "chanel", "Unknown parameter")]
    [InlineData("from=2026-03-02&from=2026-03-03&to=2026-03-04", "from", "once")]
    [InlineData("from=9999-12-31&to=9999-12-31", "from", "between 1900-01-01 and 2999-12-31")]
    [InlineData("from=0001-01-01&to=0001-01-02", "from", "between 1900-01-01 and 2999-12-31")]
    public async Task A_bad_parameter_gets_400_naming_it_and_why(string parameters, string field, string reason)
    {
        foreach (var endpoint in new[] { "summary", "timeseries", "channel-switches", "motives" })
        {
            using var response = await _manager.GetAsync($"/api/v1/metrics/{endpoint}?{parameters}", Cancel);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(problem.GetProperty("errors").GetProperty(field).EnumerateArray(), e => e.GetString()!.Contains(reason, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("au=0001-01-01")]
    [InlineData("du=0001-01-01&au=0001-01-02")]
    [InlineData("au=9999-12-31")]
    public async Task The_dashboard_page_explains_in_french_a_day_outside_the_calendar(string parameters)
    {
        using var response = await _manager.GetAsync($"/pilotage?{parameters}", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("n&#x27;est pas une date au format jj/mm/aaaa", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
