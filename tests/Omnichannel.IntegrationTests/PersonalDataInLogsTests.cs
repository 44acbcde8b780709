using System.Net;
using Microsoft.Extensions.Logging;
using System.Text.Json.Nodes;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;
using static Omnichannel.IntegrationTests.IngestionThroughBrokerTests;

namespace Omnichannel.IntegrationTests;

/// <summary>The host logs at every level without a phone number, an email, a tax number or an API key.</summary>
[Collection(BrokerCollection.Name)]
public sealed class PersonalDataInLogsTests(BrokerNode node, IngestionHost host)
{
    [Fact]
    public async Task Accepting_and_refusing_interactions_logs_no_personal_data_nor_keys()
    {
        node.SkipIfUnavailable();
        var cancel = TestContext.Current.CancellationToken;
        // In place of the journey's queue: an interaction no queue takes is refused, not accepted.
        await using var journey = await BusProbe.CreateAsync(node.Port);
        var body = Call("logs-1");
        body["identifiers"] = new JsonArray(
            new JsonObject { ["type"] = "phone", ["value"] = "06 98 76 54 32" },
            new JsonObject { ["type"] = "email", ["value"] = "jeanne.dupont@example.fr" },
            new JsonObject { ["type"] = "taxId", ["value"] = "3141592653589" });
        var bad = body.DeepClone().AsObject();
        bad["id"] = "logs-2";
        bad["identifiers"]![0]!["value"] = "06 98 76";

        using var accepted = await host.Client.SendAsync(Post("/api/v1/interactions", body.ToJsonString()), cancel);
        using var refused = await host.Client.SendAsync(Post("/api/v1/interactions", bad.ToJsonString()), cancel);
        using var batch = await host.Client.SendAsync(Post("/api/v1/interactions/batch", new JsonArray(body.DeepClone(), bad.DeepClone()).ToJsonString()), cancel);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        // The capture does see the ingestion's own lines, at debug level.
        Assert.Contains(host.Logs.Lines, line => line.Contains("Accepted 1 interaction(s) from cti", StringComparison.Ordinal));
        foreach (var secret in new[] { "98 76", "+33698765432", "jeanne.dupont", "3141592653589", IngestionHost.PhoneKey })
        {
            Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}

/// <summary>The embedded default, every role, logging at debug level into a capture.</summary>
public sealed class LoggedHost : EmbeddedHost
{
    public LogCapture Logs { get; } = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Logging:LogLevel:Default"] = "Debug";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
        settings["Logging:LogLevel:MassTransit"] = "Debug";
    }

    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddProvider(Logs);
    }
}

/// <summary>Through every module (ingestion, journey, metrics, portal, screen-pop), no log line holds a citizen's identifiers.</summary>
public sealed class PersonalDataInAllModulesLogsTests(LoggedHost host) : IClassFixture<LoggedHost>
{
    [Fact]
    public async Task The_whole_flow_logs_opaque_person_ids_never_phone_email_or_tax_numbers()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var posted = await host.PostAsync("""{"id":"pd-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"phone","value":"06 98 76 54 32"},{"type":"email","value":"jeanne.dupont@example.fr"},{"type":"taxId","value":"3141592653589"}],"subject":{"motive":"pas.rate"},"outcome":"transferred"}""", cancel);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var advisor = await host.SessionAsync(Omnichannel.Hosting.Security.OmnichannelRoles.Advisor);
        var personId = await EmbeddedHost.EventuallyAsync(async () =>
        {
            using var found = await advisor.SendAsync(EmbeddedHost.Lookup("phone", "0698765432"), cancel);
            return found.IsSuccessStatusCode ? (await found.Content.ReadAsStringAsync(cancel)) : null;
        }, cancel);
        var id = System.Text.Json.JsonDocument.Parse(personId).RootElement.GetProperty("personId").GetString()!;
        using var journey = await advisor.GetAsync($"/api/v1/people/{id}/journey?reason=callback", cancel);
        Assert.Equal(HttpStatusCode.OK, journey.StatusCode);
        using var stream = await advisor.GetStreamAsync("/api/v1/screen-pops", cancel);
        using var reader = new StreamReader(stream);
        Assert.Equal("event: ready", await reader.ReadLineAsync(cancel));
        using var call = await host.PostCallEventAsync(new { callId = "CALL-PD-1", @event = "answered", at = "2026-03-02T10:00:00+01:00", caller = "06 98 76 54 32", ivrTaxNumber = "3141592653589", agentId = "agent-7" }, cancel);
        Assert.Equal(HttpStatusCode.Accepted, call.StatusCode);
        await EmbeddedHost.EventuallyAsync(() => Task.FromResult(host.Logs.Lines.FirstOrDefault(l => l.Contains("Call CALL-PD-1 answered: person " + id, StringComparison.Ordinal))), cancel);
        // A referent's preview and split (issue 19): decisions log their id and opaque person ids only.
        var referent = await host.SessionAsync(Omnichannel.Hosting.Security.OmnichannelRoles.Referent);
        var split = new { kind = "split", personId = id, identifiers = new[] { new { type = "email", value = "jeanne.dupont@example.fr" } }, reason = "adresse d'un proche" };
        using var preview = await referent.PostAsync("/api/v1/identity/preview", System.Net.Http.Json.JsonContent.Create(split), cancel);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var decided = await referent.PostAsync("/api/v1/identity/decisions", System.Net.Http.Json.JsonContent.Create(split), cancel);
        Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        await EmbeddedHost.EventuallyAsync(() => Task.FromResult(host.Logs.Lines.FirstOrDefault(l => l.Contains("(Split) applied to person " + id, StringComparison.Ordinal))), cancel);
        // The data-protection officer's export and erasure (issue 20): the erasure's id and counts only.
        var dpo = await host.SessionAsync(Omnichannel.Hosting.Security.OmnichannelRoles.Dpo);
        using (var found = await dpo.PostAsync("/api/v1/data-protection/lookup", System.Net.Http.Json.JsonContent.Create(new { type = "taxId", value = "3141592653589" }), cancel))
        {
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        }

        using var export = await dpo.GetAsync($"/api/v1/data-protection/people/{id}/export", cancel);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var erased = await dpo.PostAsync("/api/v1/data-protection/erasures", System.Net.Http.Json.JsonContent.Create(new { personId = id, reason = "Demande 2026-0415", confirm = true }), cancel);
        Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        await EmbeddedHost.EventuallyAsync(() => Task.FromResult(host.Logs.Lines.FirstOrDefault(l => l.Contains("Erasure ", StringComparison.Ordinal) && l.Contains(" done: ", StringComparison.Ordinal))), cancel);
        using var badLookup = await advisor.SendAsync(EmbeddedHost.Lookup("email", "jeanne.dupont-at-example.fr"), cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badLookup.StatusCode);

        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Debug", StringComparison.Ordinal));
        foreach (var secret in new[] { "98 76", "0698765432", "+33698765432", "jeanne.dupont", "3141592653589", EmbeddedHost.Password("conseiller") })
        {
            var leak = host.Logs.Lines.FirstOrDefault(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{secret}' in: {leak}");
        }
    }
}
