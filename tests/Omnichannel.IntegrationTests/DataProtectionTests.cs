using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Omnichannel.Domain.Classification;
using Omnichannel.Hosting.Security;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Journey.Retention;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Privacy;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// docs/domain.md §6 on the embedded default, through the API a data-protection officer uses: the export of
/// a person's data (audited), an erasure that leaves nothing of the person in the journey file while the
/// dashboards keep their figures and a re-post is dropped, retention driven by a clock given to the services,
/// and small counts masked on the dashboards.
/// </summary>
public sealed class DataProtectionTests(DataProtectionTests.Host host) : IClassFixture<DataProtectionTests.Host>
{
    /// <summary>The embedded default with the small-count threshold it ships with.</summary>
    public sealed class Host : EmbeddedHost
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            settings["Metrics:SmallCountThreshold"] = "5";
        }
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Contact(string id, string day, string service, string motive, params (string Type, string Value)[] identifiers) =>
        JsonSerializer.Serialize(new
        {
            id, channel = id.Contains("call", StringComparison.Ordinal) ? "phone" : "web", type = "contact", occurredAt = $"2026-{day}T09:00:00+01:00",
            identifiers = identifiers.Select(i => new { type = i.Type, value = i.Value }), subject = new { motive }, service,
        });

    private async Task<string?> FindAsync(HttpClient dpo, string type, string value)
    {
        using var response = await dpo.PostAsync("/api/v1/data-protection/lookup", JsonContent.Create(new { type, value }), Cancel);
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("personId").GetString() : null;
    }

    private async Task<JsonElement> SummaryAsync(string query) =>
        (await (await host.SessionAsync(OmnichannelRoles.Manager)).GetFromJsonAsync<JsonElement>($"/api/v1/metrics/summary?{query}&asOf=2026-12-01T00:00:00Z", Cancel)).GetProperty("metrics");

    private async Task<string> JourneyFileAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={host.JourneyPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Cancel);
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "people", "identifiers", "interactions", "decisions", "declarations", "erasures" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task A_dpo_exports_everything_held_about_a_person_with_who_opened_their_file_and_the_export_is_audited()
    {
        var dpo = await host.SessionAsync(OmnichannelRoles.Dpo);
        await host.PostAllAsync(
        [
            Contact("dx-web", "03-02", "SIP DX", "pas.rate", ("accountId", "dx-a1"), ("taxId", "5656565656565")),
            Contact("dx-call", "03-03", "SIP DX", "pas.rate", ("phone", "06 56 56 56 56"), ("taxId", "5656565656565")),
            Contact("dx-other", "03-03", "SIP DX", "pas.rate", ("accountId", "dx-other")),
        ], Cancel);
        var person = await EmbeddedHost.EventuallyAsync(() => FindAsync(dpo, "phone", "06 56 56 56 56"), Cancel);
        var advisor = await host.SessionAsync(OmnichannelRoles.Advisor);
        (await advisor.GetAsync($"/api/v1/people/{person}/journey?reason=callback", Cancel)).EnsureSuccessStatusCode();
        await EmbeddedHost.EventuallyAsync(async () => (await dpo.GetFromJsonAsync<JsonElement>($"/api/v1/data-protection/people/{person}/export", Cancel)).GetProperty("interactions").GetArrayLength() == 2 ? "" : null, Cancel);

        var export = await dpo.GetFromJsonAsync<JsonElement>($"/api/v1/data-protection/people/{person}/export", Cancel);

        Assert.Equal(["dx-call", "dx-web"], export.GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("interaction").GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["+33656565656", "5656565656565", "dx-a1"], export.GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
        var audit = export.GetProperty("auditEntries").EnumerateArray().ToList();
        Assert.Contains(audit, e => e.GetProperty("user").GetString() == "conseiller" && e.GetProperty("reason").GetString() == "callback");
        Assert.DoesNotContain("dx-other", export.GetRawText(), StringComparison.Ordinal);
        var admin = await host.SessionAsync(OmnichannelRoles.Admin);
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?personId={person}", Cancel);
        Assert.Contains(log.EnumerateArray(), e => e.GetProperty("reason").GetString() == AccessReasons.DataExport && e.GetProperty("user").GetString() == "dpo");
        var page = await dpo.GetStringAsync($"/dpo/export?personne={person}", Cancel);
        Assert.Contains("dx-a1", page, StringComparison.Ordinal);
        Assert.Contains("Consultations du dossier", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_erasure_leaves_nothing_of_the_person_keeps_the_dashboards_and_drops_a_repost()
    {
        var dpo = await host.SessionAsync(OmnichannelRoles.Dpo);
        const string Query = "from=2026-04-01&to=2026-04-30&service=SIP%20ER";
        string[] erased =
        [
            Contact("de-web", "04-02", "SIP ER", "pas.rate", ("accountId", "de-a1"), ("taxId", "7878787878787")),
            Contact("de-call", "04-04", "SIP ER", "pas.rate", ("phone", "06 78 78 78 78")),
            Contact("de-link", "04-05", "SIP ER", "pas.rate", ("accountId", "de-a1"), ("phone", "06 78 78 78 78")),
        ];
        // Five other citizens who came back once each: enough contacts that the counts read are not masked.
        string[] others = [.. Enumerable.Range(0, 5).SelectMany(i => new[] { Contact($"do-web-{i}", $"04-0{i + 2}", "SIP ER", "pas.rate", ("accountId", $"do-{i}")), Contact($"do-again-{i}", $"04-0{i + 3}", "SIP ER", "pas.rate", ("accountId", $"do-{i}")) })];
        await host.PostAllAsync([.. erased, .. others], Cancel);
        var before = await EmbeddedHost.EventuallyAsync(async () => await SummaryAsync(Query) is { } m && m.GetProperty("contacts").GetInt32() == 13 && m.GetProperty("reiterations").GetInt32() == 7 ? m.GetRawText() : null, Cancel);
        var person = (await FindAsync(dpo, "taxId", "7878787878787"))!;

        using var refused = await dpo.PostAsync("/api/v1/data-protection/erasures", JsonContent.Create(new { personId = person, reason = "Demande 2026-0415" }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("$.confirm", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        // The message log's file held by another writer past the wait (a store outage): the erasure is refused with
        // 503 and Retry-After (it was a 500), nothing sent; the same request goes through once the file is free.
        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(Path.GetDirectoryName(host.JourneyPath)!, "messages.db")};Pooling=False"))
        {
            await holder.OpenAsync(Cancel);
            await using var held = holder.BeginTransaction(deferred: false);
            using var unavailable = await dpo.PostAsync("/api/v1/data-protection/erasures", JsonContent.Create(new { personId = person, reason = "Demande 2026-0415", confirm = true }), Cancel);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), unavailable.Headers.RetryAfter?.Delta);
            Assert.Contains("nothing was recorded", await unavailable.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        Assert.NotNull(await FindAsync(dpo, "taxId", "7878787878787"));
        using var accepted = await dpo.PostAsync("/api/v1/data-protection/erasures", JsonContent.Create(new { personId = person, reason = "Demande 2026-0415", confirm = true }), Cancel);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var erasureId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("erasureId").GetString();
        var status = await EmbeddedHost.EventuallyAsync(async () =>
            await dpo.GetFromJsonAsync<JsonElement>($"/api/v1/data-protection/erasures/{erasureId}", Cancel) is { } s && s.GetProperty("done").GetBoolean() ? s.GetRawText() : null, Cancel);

        Assert.Contains("\"interactions\":3", status, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"Demande 2026-0415\"", status, StringComparison.Ordinal);
        var file = await JourneyFileAsync();
        Assert.All(["de-a1", "7878787878787", "+33678787878", "de-web", "de-call", "de-link", person], v => Assert.DoesNotContain(v, file, StringComparison.Ordinal));
        Assert.Contains("do-web-0", file, StringComparison.Ordinal);
        Assert.Null(await FindAsync(dpo, "accountId", "de-a1"));
        Assert.Equal(before, (await SummaryAsync(Query)).GetRawText());

        // Posted again (a channel system's retry): accepted, then dropped by the journey service.
        await host.PostAllAsync(erased, Cancel);
        await host.PostAllAsync([Contact("do-web-later", "04-20", "SIP ER", "pas.rate", ("accountId", "do-0"))], Cancel);
        await EmbeddedHost.EventuallyAsync(async () => (await SummaryAsync(Query)).GetProperty("contacts").GetInt32() == 14 ? "" : null, Cancel);
        var after = await SummaryAsync(Query);
        Assert.Equal((14, 7, 7), (after.GetProperty("contacts").GetInt32(), after.GetProperty("reiterations").GetInt32(), after.GetProperty("firstContacts").GetInt32()));
        Assert.Null(await FindAsync(dpo, "accountId", "de-a1"));
        Assert.All(["de-a1", "7878787878787", "de-web"], v => Assert.DoesNotContain(v, file, StringComparison.Ordinal));

        // The audit log keeps that the erasure happened: who, when, which request, no personal data. It is written
        // before the erasure is sent, so the attempt refused with 503 above is on record too, under an id of its own.
        var admin = await host.SessionAsync(OmnichannelRoles.Admin);
        var entries = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?user=dpo", Cancel)).EnumerateArray().Where(e => e.GetProperty("reason").GetString() == AccessReasons.Erasure).ToList();
        Assert.Equal(2, entries.Count);
        var entry = Assert.Single(entries, e => e.GetProperty("via").GetString() == $"erasure:{erasureId}");
        Assert.Equal("-", entry.GetProperty("personId").GetString());
    }

    [Fact]
    public async Task Retention_with_a_clock_given_to_the_services_removes_what_is_past_its_period_and_keeps_the_rest_and_the_dashboards()
    {
        const string Query = "from=2026-01-01&to=2026-11-30&service=SIP%20RT";
        await host.PostAllAsync(
        [
            Contact("rt-old", "01-05", "SIP RT", "pas.rate", ("accountId", "rt-a1")),
            Contact("rt-young", "11-20", "SIP RT", "pas.rate", ("accountId", "rt-a1")),
            Contact("rt-gone", "01-06", "SIP RT", "pas.rate", ("accountId", "rt-a2")),
            .. Enumerable.Range(1, 4).Select(i => Contact($"rt-y{i}", $"11-2{i}", "SIP RT", "pas.rate", ("accountId", $"rt-b{i}"))),
        ], Cancel);
        var dpo = await host.SessionAsync(OmnichannelRoles.Dpo);
        var before = await EmbeddedHost.EventuallyAsync(async () => await SummaryAsync(Query) is { } m && m.GetProperty("contacts").GetInt32() == 7 ? m.GetRawText() : null, Cancel);
        var audit = host.App.Services.GetRequiredService<IAuditLog>();
        var now = DateTimeOffset.UtcNow;
        await audit.WriteAsync(new AuditEntry(now.AddDays(-400), "conseiller", "p-old", "callback", "page"), Cancel);
        await audit.WriteAsync(new AuditEntry(now.AddDays(-10), "conseiller", "p-young", "callback", "page"), Cancel);

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        var options = new RetentionOptions { Interactions = TimeSpan.FromDays(200), AuditEntries = TimeSpan.FromDays(365), BatchPause = TimeSpan.Zero };
        var services = host.App.Services;
        var journeys = await new JourneyRetention(services.GetRequiredService<IJourneyStore>(), services.GetRequiredService<JourneyClassifier>(), options, clock, NullLogger<JourneyRetention>.Instance).RunAsync(Cancel);
        var audits = await new AuditRetention(audit, options, clock, NullLogger<AuditRetention>.Instance).RunAsync(Cancel);

        Assert.True(journeys.Interactions >= 2 && journeys.People >= 1, $"{journeys}");
        Assert.True(audits.Removed >= 1);
        var file = await JourneyFileAsync();
        Assert.All(["rt-old", "rt-gone", "rt-a2"], v => Assert.DoesNotContain(v, file, StringComparison.Ordinal));
        Assert.Contains("rt-young", file, StringComparison.Ordinal);
        Assert.NotNull(await FindAsync(dpo, "accountId", "rt-a1"));
        Assert.Null(await FindAsync(dpo, "accountId", "rt-a2"));
        Assert.Equal(before, (await SummaryAsync(Query)).GetRawText());
        var left = await audit.ReadAsync(new AuditQuery(Limit: 1000), Cancel);
        Assert.DoesNotContain(left, e => e.PersonId == "p-old");
        Assert.Contains(left, e => e.PersonId == "p-young");
        var retention = await dpo.GetFromJsonAsync<JsonElement>("/api/v1/data-protection/retention", Cancel);
        Assert.Equal(journeys.Interactions, retention.GetProperty("journeys").GetProperty("interactions").GetInt32());
        Assert.Equal(audits.Removed, retention.GetProperty("auditLog").GetProperty("removed").GetInt32());
    }

    [Fact]
    public async Task A_dashboard_narrowed_to_one_citizen_shows_masked_cells_in_json_and_csv()
    {
        await host.PostAllAsync(
        [
            Contact("sc-1", "05-04", "SIP Masque", "sc.unique", ("accountId", "sc-a1")),
            Contact("sc-2", "05-05", "SIP Masque", "sc.unique", ("accountId", "sc-a1")),
        ], Cancel);
        const string Query = "from=2026-05-01&to=2026-05-31&motive=sc.unique";
        var manager = await host.SessionAsync(OmnichannelRoles.Manager);
        var summary = await EmbeddedHost.EventuallyAsync(async () =>
            await manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/summary?{Query}", Cancel) is { } s && s.GetProperty("metrics").GetProperty("masked").GetArrayLength() > 0 ? s.GetRawText() : null, Cancel);

        var metrics = JsonDocument.Parse(summary).RootElement.GetProperty("metrics");
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("contacts").ValueKind);
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("reiterationRate").ValueKind);
        Assert.Contains("contacts", metrics.GetProperty("masked").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(5, JsonDocument.Parse(summary).RootElement.GetProperty("smallCountThreshold").GetInt32());
        Assert.DoesNotContain("\"contacts\":2", summary, StringComparison.Ordinal);
        var csv = await manager.GetStringAsync($"/api/v1/metrics/timeseries?{Query}&format=csv", Cancel);
        Assert.Contains("< 5", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(";2;", csv, StringComparison.Ordinal);
        var motives = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/motives?{Query}", Cancel);
        Assert.All(motives.GetProperty("motives").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("contacts").ValueKind));
    }
}
