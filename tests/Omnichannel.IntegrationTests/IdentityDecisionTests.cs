using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnichannel.Hosting.Security;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// docs/domain.md §2, decisions, on the embedded default: worked example G (a wrong merge through a family
/// phone) split by a referent through the API, previewed first, then applied by the journey service, the
/// dashboards following; then merged back by a referent. Every look and decision is audited.
/// </summary>
public sealed class IdentityDecisionTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>, IAsyncLifetime
{
    private const string Period = "from=2026-03-01&to=2026-03-31&service=SIP%20G";
    private HttpClient _referent = null!;
    private HttpClient _advisor = null!;
    private HttpClient _manager = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _referent = await host.SessionAsync(OmnichannelRoles.Referent);
        _advisor = await host.SessionAsync(OmnichannelRoles.Advisor);
        _manager = await host.SessionAsync(OmnichannelRoles.Manager);
        _admin = await host.SessionAsync(OmnichannelRoles.Admin);
        string[] bodies =
        [
            """{"id":"g-web","channel":"web","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"accountId","value":"g-a1"},{"type":"phone","value":"06 41 41 41 41"}],"subject":{"motive":"income-tax.question"},"service":"SIP G"}""",
            """{"id":"g-call","channel":"phone","type":"contact","occurredAt":"2026-03-04T09:00:00+01:00","identifiers":[{"type":"phone","value":"06 41 41 41 41","assurance":"declared"}],"subject":{"motive":"income-tax.question"},"service":"SIP G"}""",
            """{"id":"g-form","channel":"web","type":"contact","occurredAt":"2026-03-05T09:00:00+01:00","identifiers":[{"type":"email","value":"g-w@example.fr"},{"type":"phone","value":"06 41 41 41 41"}],"subject":{"motive":"income-tax.question"},"service":"SIP G"}""",
            """{"id":"g-mail","channel":"email","type":"contact","occurredAt":"2026-03-06T09:00:00+01:00","identifiers":[{"type":"email","value":"g-w@example.fr"}],"subject":{"motive":"income-tax.question"},"service":"SIP G"}""",
        ];
        await host.PostAllAsync(bodies, Cancel);

        await EmbeddedHost.EventuallyAsync(async () => await ReiterationsAsync() == 3 ? "" : null, Cancel);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<string?> LookupAsync(string type, string value)
    {
        using var response = await _advisor.SendAsync(EmbeddedHost.Lookup(type, value), Cancel);
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("personId").GetString() : null;
    }

    private async Task<int> ReiterationsAsync() =>
        (await _manager.GetFromJsonAsync<JsonElement>($"/api/v1/metrics/summary?{Period}", Cancel)).GetProperty("metrics").GetProperty("reiterations").GetInt32();

    private Task<HttpResponseMessage> PostAsync(string path, object body) => _referent.PostAsync(path, JsonContent.Create(body), Cancel);

    [Fact]
    public async Task Example_G_a_referent_previews_then_splits_a_wrong_merge_and_merges_it_back_and_the_dashboards_follow()
    {
        var family = (await LookupAsync("accountId", "g-a1"))!;
        Assert.Equal(family, await LookupAsync("email", "g-w@example.fr"));
        var split = new { kind = "split", personId = family, identifiers = new[] { new { type = "email", value = "G-W@example.fr" } } };

        using var preview = await PostAsync("/api/v1/identity/preview", split);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = await preview.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var people = shown.GetProperty("people").EnumerateArray().ToList();
        Assert.Equal(2, people.Count);
        Assert.Equal(["g-web", "g-call", "g-form"], people[0].GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("key").GetProperty("id").GetString()));
        Assert.Equal(["g-mail"], people[1].GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("key").GetProperty("id").GetString()));
        var reiterations = Assert.Single(shown.GetProperty("figures").EnumerateArray(), f => f.GetProperty("name").GetString() == "reiterations");
        Assert.Equal((1, 0), (reiterations.GetProperty("before").GetInt32(), reiterations.GetProperty("after").GetInt32()));
        // A preview writes nothing.
        Assert.Equal(family, await LookupAsync("email", "g-w@example.fr"));

        using var withoutReason = await PostAsync("/api/v1/identity/decisions", split);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("$.reason", await withoutReason.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using var decided = await PostAsync("/api/v1/identity/decisions", new { kind = "split", personId = family, identifiers = split.identifiers, reason = "Deux époux sur le téléphone familial" });
        Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        var wife = await EmbeddedHost.EventuallyAsync(async () => await LookupAsync("email", "g-w@example.fr") is { } owner && owner != family ? owner : null, Cancel);
        Assert.Equal(family, await LookupAsync("accountId", "g-a1"));
        await EmbeddedHost.EventuallyAsync(async () => await ReiterationsAsync() == 2 ? "" : null, Cancel);

        // A referent's merge joins them again; the dashboards follow back.
        using var merged = await PostAsync("/api/v1/identity/decisions", new { kind = "merge", personId = family, otherPersonId = wife, reason = "Erreur de séparation corrigée" });
        Assert.Equal(HttpStatusCode.Accepted, merged.StatusCode);
        await EmbeddedHost.EventuallyAsync(async () => await LookupAsync("email", "g-w@example.fr") == await LookupAsync("accountId", "g-a1") ? "" : null, Cancel);
        await EmbeddedHost.EventuallyAsync(async () => await ReiterationsAsync() == 3 ? "" : null, Cancel);

        var audit = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?personId={family}&user=referent", Cancel);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("reason").GetString() == "identity-review" && e.GetProperty("via").GetString()!.StartsWith("decision:", StringComparison.Ordinal));
        var journey = await _advisor.GetFromJsonAsync<JsonElement>($"/api/v1/people/{family}/journey?reason=case-follow-up", Cancel);
        var record = journey.GetProperty("merges").EnumerateArray().Last();
        Assert.Equal(("referent", "merge", "Erreur de séparation corrigée"), (record.GetProperty("decidedBy").GetString(), record.GetProperty("decision").GetString(), record.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("""{"kind":"cut","personId":"p-1"}""", "$.kind")]
    [InlineData("""{"kind":"split","personId":"p-1"}""", "$.identifiers")]
    [InlineData("""{"kind":"split","personId":"p-1","identifiers":[{"type":"phone","value":"12"}]}""", "$.identifiers[0].value")]
    [InlineData("""{"kind":"merge","personId":"p-1"}""", "$.otherPersonId")]
    [InlineData("""{"kind":"merge","personId":"p-1","otherPersonId":"p-1"}""", "$.otherPersonId")]
    [InlineData("""{"kind":"merge","personId":"p-1","otherPersonId":"p-2","why":"x"}""", "$.why")]
    public async Task A_bad_decision_is_refused_naming_the_field(string body, string path)
    {
        using var response = await _referent.PostAsync("/api/v1/identity/preview", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_split_of_an_identifier_the_person_does_not_hold_is_refused_and_changes_nothing()
    {
        var family = (await LookupAsync("accountId", "g-a1"))!;

        using var response = await PostAsync("/api/v1/identity/decisions", new { kind = "split", personId = family, identifiers = new[] { new { type = "email", value = "nobody@example.fr" } }, reason = "essai" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var unknown = await PostAsync("/api/v1/identity/preview", new { kind = "merge", personId = family, otherPersonId = "p-00000000000000000000000000000000" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_claim_is_on_the_referents_work_list_until_a_referent_dismisses_it_with_a_reason()
    {
        await host.PostAllAsync(new[]
        {
            """{"id":"k-web","channel":"web","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"accountId","value":"k-1"},{"type":"taxId","value":"5555555555555"}],"subject":{"motive":"income-tax.question"}}""",
            """{"id":"k-call","channel":"phone","type":"contact","occurredAt":"2026-03-03T09:00:00+01:00","identifiers":[{"type":"phone","value":"06 61 61 61 61","assurance":"declared"},{"type":"taxId","value":"5555555555555","assurance":"declared"}],"subject":{"motive":"income-tax.question"}}""",
        }, Cancel);

        var claims = await EmbeddedHost.EventuallyAsync(async () =>
            (await _referent.GetFromJsonAsync<JsonElement>("/api/v1/identity/claims", Cancel)).EnumerateArray().Where(c => c.GetProperty("interaction").GetProperty("id").GetString() == "k-call").ToList() is { Count: > 0 } found ? found : null, Cancel);

        // Looked up once both are stored (the claim says so): before the web contact is, the call's declared tax
        // number is its own person's, and the test read that person as the holder (a run at a7a2bb5).
        var holder = await LookupAsync("taxId", "5555555555555");
        var claimant = await LookupAsync("phone", "06 61 61 61 61");
        var claim = Assert.Single(claims);
        Assert.Equal((claimant, holder, "taxId"), (claim.GetProperty("claimantPersonId").GetString(), claim.GetProperty("holderPersonId").GetString(), claim.GetProperty("identifierType").GetString()));
        Assert.DoesNotContain("5555555555555", claim.GetRawText(), StringComparison.Ordinal);

        using var dismissed = await PostAsync("/api/v1/identity/decisions", new
        {
            kind = "dismiss-claim",
            personId = claimant,
            identifiers = new[] { new { type = "taxId", value = "5555555555555" } },
            interaction = new { source = "backoffice", id = "k-call" },
            reason = "Le conseiller a vérifié : erreur de saisie de l'usager",
        });
        Assert.True(dismissed.StatusCode == HttpStatusCode.Accepted, await dismissed.Content.ReadAsStringAsync(Cancel));

        await EmbeddedHost.EventuallyAsync(async () =>
            (await _referent.GetFromJsonAsync<JsonElement>("/api/v1/identity/claims", Cancel)).EnumerateArray().All(c => c.GetProperty("interaction").GetProperty("id").GetString() != "k-call") ? "" : null, Cancel);
        var journey = await _advisor.GetFromJsonAsync<JsonElement>($"/api/v1/people/{claimant}/journey?reason=case-follow-up", Cancel);
        Assert.True(Assert.Single(journey.GetProperty("claims").EnumerateArray()).GetProperty("dismissed").GetBoolean());
    }
}
