using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnichannel.Hosting.Security;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// The advisors' query API on the embedded default, fed through the ingestion API: lookup by any
/// identifier normalized as at ingestion, the journey with demands, deadlines, merges and conflicts, the
/// audit of every opening, and what each role may reach.
/// </summary>
public sealed class PortalApiTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>, IAsyncLifetime
{
    private HttpClient _advisor = null!;
    private HttpClient _manager = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _advisor = await host.SessionAsync(OmnichannelRoles.Advisor);
        _manager = await host.SessionAsync(OmnichannelRoles.Manager);
        _admin = await host.SessionAsync(OmnichannelRoles.Admin);
        string[] bodies =
        [
            // DOMAIN §5 example A: Brigitte.
            """{"id":"a-web","channel":"web","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"accountId","value":"brigitte"},{"type":"taxId","value":"2222222222222"}],"subject":{"motive":"income-tax.correction"},"outcome":"resolved"}""",
            """{"id":"a-ack","channel":"email","type":"notification","occurredAt":"2026-03-02T09:05:00+01:00","identifiers":[{"type":"email","value":"brigitte@example.fr"},{"type":"taxId","value":"2222222222222"}],"subject":{"motive":"income-tax.correction"},"announcedDeadline":"2026-03-17T09:00:00+01:00"}""",
            """{"id":"a-schedule","channel":"email","type":"notification","occurredAt":"2026-03-05T09:00:00+01:00","identifiers":[{"type":"taxId","value":"2222222222222"}],"subject":{"motive":"income-tax.correction"}}""",
            """{"id":"a-refund","channel":"mail","type":"resolution","occurredAt":"2026-03-12T09:00:00+01:00","identifiers":[{"type":"taxId","value":"2222222222222"}],"subject":{"motive":"income-tax.correction"}}""",
            // Example C: a late link merges two people.
            """{"id":"c-phone","channel":"phone","type":"contact","occurredAt":"2026-03-02T10:00:00+01:00","identifiers":[{"type":"phone","value":"+33 6 11 22 33 44"}],"subject":{"motive":"pas.rate"}}""",
            """{"id":"c-web","channel":"web","type":"contact","occurredAt":"2026-03-03T10:00:00+01:00","identifiers":[{"type":"accountId","value":"a9"}],"subject":{"motive":"pas.rate"}}""",
            """{"id":"c-link","channel":"phone","type":"contact","occurredAt":"2026-03-05T10:00:00+01:00","identifiers":[{"type":"phone","value":"06 11 22 33 44"},{"type":"accountId","value":"a9"}],"subject":{"motive":"pas.rate"}}""",
            // A phone number shared by two taxpayers: a refused merge.
            """{"id":"d-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T11:00:00+01:00","identifiers":[{"type":"phone","value":"+33699999999"},{"type":"taxId","value":"3333333333333"}],"subject":{"motive":"refund.status"}}""",
            """{"id":"d-2","channel":"phone","type":"contact","occurredAt":"2026-03-03T11:00:00+01:00","identifiers":[{"type":"phone","value":"+33699999999"},{"type":"taxId","value":"4444444444444"}],"subject":{"motive":"refund.status"}}""",
        ];
        foreach (var body in bodies.Where(b => !b.Contains("c-link", StringComparison.Ordinal)))
        {
            using var response = await host.PostAsync(body, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // Example C's two people are stored apart before the link comes, as when it comes days later.
        await EmbeddedHost.EventuallyAsync(async () => await LookupAsync("accountId", "a9") is not null && await LookupAsync("phone", "+33611223344") is not null ? "" : null, Cancel);
        using (var link = await host.PostAsync(bodies.Single(b => b.Contains("c-link", StringComparison.Ordinal)), Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, link.StatusCode);
        }

        await EmbeddedHost.EventuallyAsync(async () =>
        {
            var c = await LookupAsync("accountId", "a9");
            var d = await LookupAsync("taxId", "4444444444444");
            var a = await LookupAsync("taxId", "2222222222222");
            return c is null || d is null || a is null ? null
                : (await JourneyAsync(c)).GetProperty("interactions").GetArrayLength() == 3 && (await JourneyAsync(a)).GetProperty("interactions").GetArrayLength() == 4 ? c : null;
        }, Cancel);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<string?> LookupAsync(string type, string value)
    {
        using var response = await _advisor.SendAsync(EmbeddedHost.Lookup(type, value), Cancel);
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("personId").GetString() : null;
    }

    private Task<JsonElement> JourneyAsync(string personId, string query = "reason=case-follow-up") =>
        _advisor.GetFromJsonAsync<JsonElement>($"/api/v1/people/{personId}/journey?{query}", Cancel);

    [Fact]
    public async Task A_person_is_found_by_any_of_their_identifiers_written_as_a_citizen_would()
    {
        var byPhone = await LookupAsync("phone", "06 11 22 33 44");

        Assert.NotNull(byPhone);
        Assert.Equal(byPhone, await LookupAsync("phone", "+33611223344"));
        Assert.Equal(byPhone, await LookupAsync("accountId", " a9 "));
        Assert.Equal(await LookupAsync("taxId", "2222222222222"), await LookupAsync("email", " Brigitte@Example.FR"));
        using var unknown = await _advisor.SendAsync(EmbeddedHost.Lookup("phone", "0698765432"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Example_A_reads_as_one_kept_promise_acknowledged_and_resolved_at_first_contact()
    {
        var journey = await JourneyAsync((await LookupAsync("accountId", "brigitte"))!, "reason=incoming-call&asOf=2026-04-01T00:00:00%2B02:00");

        var interactions = journey.GetProperty("interactions").EnumerateArray().ToList();
        Assert.Equal(["a-web", "a-ack", "a-schedule", "a-refund"], interactions.Select(i => i.GetProperty("key").GetProperty("id").GetString()));
        Assert.Equal(["web", "email", "email", "mail"], interactions.Select(i => i.GetProperty("channel").GetString()));
        Assert.Equal("firstContact", interactions[0].GetProperty("kind").GetString());
        Assert.Equal("resolved", interactions[0].GetProperty("fcr").GetString());
        Assert.Equal("acknowledged", interactions[0].GetProperty("acknowledgement").GetString());
        var deadline = Assert.Single(journey.GetProperty("deadlines").EnumerateArray());
        Assert.Equal("respected", deadline.GetProperty("status").GetString());
        Assert.Equal("a-ack", deadline.GetProperty("announcedBy").GetProperty("id").GetString());
        var demand = Assert.Single(journey.GetProperty("demands").EnumerateArray());
        Assert.Equal(1, demand.GetProperty("contacts").GetInt32());
        Assert.False(demand.GetProperty("open").GetBoolean());
        Assert.Equal(DateTimeOffset.Parse("2026-03-12T09:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture), demand.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal(new[] { "accountId", "taxId", "email" }.Order(), journey.GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("type").GetString()).Order());
    }

    [Fact]
    public async Task Example_C_shows_the_merge_and_the_reiterations_it_revealed_and_a_merged_id_leads_to_the_survivor()
    {
        var survivor = (await LookupAsync("phone", "+33611223344"))!;
        var journey = await JourneyAsync(survivor);

        var merged = Assert.Single(journey.GetProperty("mergedPersonIds").EnumerateArray()).GetString()!;
        // Example F: the merge is recorded, through which identifier, by which interaction, when.
        var record = Assert.Single(journey.GetProperty("merges").EnumerateArray());
        Assert.Equal(merged, record.GetProperty("absorbedPersonId").GetString());
        Assert.Equal("accountId", record.GetProperty("through").GetProperty("type").GetString());
        Assert.Equal("a9", record.GetProperty("through").GetProperty("value").GetString());
        Assert.Equal("c-link", record.GetProperty("interaction").GetProperty("id").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T10:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture), record.GetProperty("at").GetDateTimeOffset());
        var interactions = journey.GetProperty("interactions").EnumerateArray().ToList();
        Assert.Equal(["firstContact", "reiteration", "reiteration"], interactions.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal("phone", interactions[1].GetProperty("switchedFrom").GetString());
        Assert.Equal("c-phone", interactions[1].GetProperty("reiterationOf").GetProperty("id").GetString());
        Assert.Equal("failed", interactions[0].GetProperty("fcr").GetString());
        var demand = Assert.Single(journey.GetProperty("demands").EnumerateArray());
        Assert.Equal(["phone", "web", "phone"], demand.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.True(demand.GetProperty("open").GetBoolean());

        var throughMerged = await JourneyAsync(merged);
        Assert.Equal(survivor, throughMerged.GetProperty("personId").GetString());
        Assert.Equal(merged, throughMerged.GetProperty("requestedPersonId").GetString());
    }

    [Fact]
    public async Task A_shared_phone_number_between_two_taxpayers_is_a_conflict_on_both_journeys()
    {
        var owner = (await LookupAsync("taxId", "3333333333333"))!;
        var other = (await LookupAsync("taxId", "4444444444444"))!;

        Assert.NotEqual(owner, other);
        Assert.Equal(owner, await LookupAsync("phone", "+33699999999"));
        var held = Assert.Single((await JourneyAsync(owner)).GetProperty("conflicts").EnumerateArray());
        var seen = Assert.Single((await JourneyAsync(other)).GetProperty("conflicts").EnumerateArray());
        Assert.True(held.GetProperty("heldHere").GetBoolean());
        Assert.False(seen.GetProperty("heldHere").GetBoolean());
        Assert.Equal("+33699999999", seen.GetProperty("identifier").GetProperty("value").GetString());
        Assert.Equal("taxId", seen.GetProperty("strongType").GetString());
    }

    [Fact]
    public async Task Every_opening_of_a_history_is_in_the_audit_log_with_who_whom_when_and_why()
    {
        var person = (await LookupAsync("taxId", "3333333333333"))!;
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await JourneyAsync(person, "reason=counter-visit");

        var entries = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?personId={person}&user=conseiller", Cancel);
        var latest = entries.EnumerateArray().First();
        Assert.Equal("conseiller", latest.GetProperty("user").GetString());
        Assert.Equal(person, latest.GetProperty("personId").GetString());
        Assert.Equal("counter-visit", latest.GetProperty("reason").GetString());
        Assert.Equal("api", latest.GetProperty("via").GetString());
        Assert.True(latest.GetProperty("at").GetDateTimeOffset() >= before);
    }

    [Theory]
    [InlineData("/api/v1/people/p-1/journey", "reason")]
    [InlineData("/api/v1/people/p-1/journey?reason=curiosity", "reason")]
    [InlineData("/api/v1/people/p-1/journey?reason=callback&reason=callback", "reason")]
    [InlineData("/api/v1/people/p-1/journey?reason=callback&asOf=yesterday", "asOf")]
    [InlineData("/api/v1/people/p-1/journey?reason=callback&asOf=2026-03-01T10:00:00", "asOf")]
    [InlineData("/api/v1/people/p-1/journey?reason=callback&full=true", "full")]
    public async Task A_bad_advisor_request_gets_400_naming_the_parameter_and_opens_nothing(string path, string parameter)
    {
        var auditBefore = (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=1000", Cancel)).GetArrayLength();

        using var response = await _advisor.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var reasons), await response.Content.ReadAsStringAsync(Cancel));
        Assert.NotEmpty(reasons.EnumerateArray().First().GetString()!);
        Assert.Equal(auditBefore, (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=1000", Cancel)).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"value":"0612345678"}""", "$.type", "required")]
    [InlineData("""{"type":"phone"}""", "$.value", "required")]
    [InlineData("""{"type":"fax","value":"0612345678"}""", "$.type", "one of")]
    [InlineData("""{"type":"phone","value":12}""", "$.value", "string")]
    [InlineData("""{"type":"phone","value":"12"}""", "$.value", "phone number")]
    [InlineData("""{"type":"email","value":"nobody-at-example.fr"}""", "$.value", "@")]
    [InlineData("""{"type":"email","value":"zw\u200b.test@example.fr"}""", "$.value", "format character")]
    [InlineData("""{"type":"taxId","value":"12345"}""", "$.value", "13 digits")]
    [InlineData("""{"type":"phone","value":"06\ud800"}""", "$.value", "not valid Unicode")]
    [InlineData("""{"type":"phone","value":"0612345678","name":"Martin"}""", "$.name", "not a field")]
    [InlineData("""["phone","0612345678"]""", "$", "JSON object")]
    [InlineData("""{"type":"phone",""", "$", "not valid JSON")]
    public async Task A_bad_lookup_gets_400_naming_the_field(string body, string path, string says)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/people/lookup") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        using var response = await _advisor.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out var reasons), await response.Content.ReadAsStringAsync(Cancel));
        Assert.Contains(says, string.Join(" ", reasons.EnumerateArray().Select(r => r.GetString())), StringComparison.Ordinal);
    }

    /// <summary>Issue 16: the identifier never travels in a URL, where browser histories and proxy logs keep it.</summary>
    [Fact]
    public async Task A_lookup_by_query_string_is_refused_and_a_form_body_is_not_read()
    {
        using var byQuery = await _advisor.GetAsync("/api/v1/people/lookup?type=taxId&value=3333333333333", Cancel);
        using var asForm = await _advisor.PostAsync("/api/v1/people/lookup", new FormUrlEncodedContent(new Dictionary<string, string> { ["type"] = "taxId", ["value"] = "3333333333333" }), Cancel);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asForm.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/audit?limit=0", "limit")]
    [InlineData("/api/v1/audit?limit=abc", "limit")]
    [InlineData("/api/v1/audit?limit=1001", "limit")]
    [InlineData("/api/v1/audit?who=me", "who")]
    public async Task A_bad_audit_request_gets_400_naming_the_parameter(string path, string parameter)
    {
        using var response = await _admin.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task An_unknown_person_id_is_404_and_not_audited()
    {
        var auditBefore = (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=1000", Cancel)).GetArrayLength();

        using var response = await _advisor.GetAsync("/api/v1/people/p-00000000000000000000000000000000/journey?reason=callback", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(auditBefore, (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=1000", Cancel)).GetArrayLength());
    }

    public static TheoryData<string, HttpStatusCode, HttpStatusCode, HttpStatusCode> ApiAccess => new()
    {
        // path, advisor, manager, admin
        { "/api/v1/people/p-1/journey?reason=callback", HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden },
        { "/api/v1/metrics/summary?from=2026-03-01&to=2026-03-31", HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "/api/v1/metrics/timeseries?from=2026-03-01&to=2026-03-31", HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "/api/v1/metrics/channel-switches?from=2026-03-01&to=2026-03-31", HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "/api/v1/metrics/motives?from=2026-03-01&to=2026-03-31", HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "/api/v1/metrics/services?from=2026-03-01&to=2026-03-31", HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "/api/v1/metrics/due?days=7", HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "/api/v1/audit", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(ApiAccess))]
    public async Task Each_role_reaches_its_own_API_and_nobody_reaches_anything_anonymously(string path, HttpStatusCode advisor, HttpStatusCode manager, HttpStatusCode admin)
    {
        using var anonymous = await host.Http.GetAsync(path, Cancel);
        using var asAdvisor = await _advisor.GetAsync(path, Cancel);
        using var asManager = await _manager.GetAsync(path, Cancel);
        using var asAdmin = await _admin.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal((advisor, manager, admin), (asAdvisor.StatusCode, asManager.StatusCode, asAdmin.StatusCode));
    }

    [Fact]
    public async Task A_call_from_an_unknown_caller_pops_without_a_person_and_a_call_for_another_agent_does_not_pop()
    {
        using var stream = await _advisor.GetStreamAsync("/api/v1/screen-pops", Cancel);
        using var reader = new StreamReader(stream);
        Assert.Equal("event: ready", await reader.ReadLineAsync(Cancel));

        using var otherAgent = await host.PostCallEventAsync(new { callId = "CALL-OTHER", @event = "answered", at = "2026-03-10T10:00:00+01:00", caller = "06 99 99 99 99", agentId = "agent-3" }, Cancel);
        using var unknown = await host.PostCallEventAsync(new { callId = "CALL-UNKNOWN", @event = "answered", at = "2026-03-10T10:01:00+01:00", caller = "06 12 12 12 12", agentId = "agent-7" }, Cancel);
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (otherAgent.StatusCode, unknown.StatusCode));

        while (await reader.ReadLineAsync(Cancel) is { } next && next != "event: call-answered")
        {
        }

        // The first call this advisor's page hears of is their own: agent-3's went elsewhere.
        var notice = JsonDocument.Parse((await reader.ReadLineAsync(Cancel))!["data:".Length..]).RootElement;
        Assert.Equal("CALL-UNKNOWN", notice.GetProperty("callId").GetString());
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("personId").ValueKind);
    }

    [Fact]
    public async Task The_screen_pop_stream_is_for_advisors_only()
    {
        using var nobody = Anonymous();
        using var anonymous = await nobody.GetAsync("/api/v1/screen-pops", HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var manager = await _manager.GetAsync("/api/v1/screen-pops", HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var admin = await _admin.GetAsync("/api/v1/screen-pops", HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var advisor = await _advisor.GetAsync("/api/v1/screen-pops", HttpCompletionOption.ResponseHeadersRead, Cancel);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK), (anonymous.StatusCode, manager.StatusCode, admin.StatusCode, advisor.StatusCode));
        Assert.Equal("text/event-stream", advisor.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/conseiller", OmnichannelRoles.Advisor)]
    [InlineData("/conseiller/historique?personne=p-1&raison=callback", OmnichannelRoles.Advisor)]
    [InlineData("/pilotage", OmnichannelRoles.Manager)]
    [InlineData("/admin/journal", OmnichannelRoles.Admin)]
    public async Task Each_page_is_for_its_role_and_sends_others_away(string path, string role)
    {
        using var nobody = Anonymous();
        using var anonymous = await nobody.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/connexion", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        foreach (var (client, clientRole) in new[] { (_advisor, OmnichannelRoles.Advisor), (_manager, OmnichannelRoles.Manager), (_admin, OmnichannelRoles.Admin) })
        {
            using var response = await client.GetAsync(path, Cancel);
            if (clientRole == role)
            {
                Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
                Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/acces-refuse", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Health_sign_in_and_the_API_reference_are_the_only_anonymous_pages()
    {
        using var anonymous = Anonymous();
        using var live = await anonymous.GetAsync("/health/live", Cancel);
        using var ready = await anonymous.GetAsync("/health/ready", Cancel);
        using var signIn = await anonymous.GetAsync("/connexion", Cancel);
        using var reference = await anonymous.GetAsync("/api/reference", Cancel);
        using var home = await anonymous.GetAsync("/", Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode, signIn.StatusCode));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    private HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };

    [Fact]
    public async Task A_wrong_password_is_refused_and_opens_no_session()
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Address };
        var page = await client.GetStringAsync("/connexion", Cancel);
        var token = EmbeddedHost.AntiforgeryTokenOf(page);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Identifiant"] = "conseiller", ["MotDePasse"] = "guess", ["__RequestVerificationToken"] = token });

        using var response = await client.PostAsync("/connexion", form, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Identifiant ou mot de passe incorrect", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var after = await client.SendAsync(EmbeddedHost.Lookup("taxId", "3333333333333"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task An_answered_call_reaches_the_advisor_who_took_it_as_a_server_sent_event_naming_the_caller()
    {
        var caller = (await LookupAsync("taxId", "3333333333333"))!;

        var notice = await AnswerAsync(new { callId = "CALL-POP-1", @event = "answered", at = "2026-03-10T10:00:00+01:00", caller = "06 99 99 99 99", ivrTaxNumber = "3333333333333", ivrAuthenticated = true, agentId = "agent-7" });
        Assert.Equal("CALL-POP-1", notice.GetProperty("callId").GetString());
        Assert.Equal(caller, notice.GetProperty("personId").GetString());
    }

    [Fact]
    public async Task Example_D_a_caller_who_keys_someone_elses_tax_number_gets_a_claim_named_and_no_history()
    {
        var taxpayer = (await LookupAsync("taxId", "3333333333333"))!;

        // The phone menu did not check a PIN: the tax number is only what the caller typed.
        var notice = await AnswerAsync(new { callId = "CALL-CLAIM-1", @event = "answered", at = "2026-03-10T10:00:00+01:00", caller = "06 21 21 21 21", ivrTaxNumber = "3333333333333", agentId = "agent-7" });
        Assert.Equal("CALL-CLAIM-1", notice.GetProperty("callId").GetString());
        Assert.NotEqual(taxpayer, notice.GetProperty("personId").GetString());
        var claim = Assert.Single(notice.GetProperty("claims").EnumerateArray());
        Assert.Equal(taxpayer, claim.GetProperty("claimedPersonId").GetString());
        Assert.Equal("taxId", claim.GetProperty("type").GetString());

        // The call ends: it is recorded on the phone's own person, with the claim, and the taxpayer is untouched.
        var before = await JourneyAsync(taxpayer);
        using var ended = await host.PostCallEventAsync(new { callId = "CALL-CLAIM-1", @event = "ended", at = "2026-03-10T10:05:00+01:00", caller = "06 21 21 21 21", ivrTaxNumber = "3333333333333", agentId = "agent-7" }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, ended.StatusCode);
        var caller = await EmbeddedHost.EventuallyAsync(() => LookupAsync("phone", "06 21 21 21 21"), Cancel);
        Assert.NotEqual(taxpayer, caller);
        var callerJourney = await JourneyAsync(caller!);
        var recorded = Assert.Single(callerJourney.GetProperty("claims").EnumerateArray());
        Assert.Equal(taxpayer, recorded.GetProperty("claimedPersonId").GetString());
        Assert.Equal("CALL-CLAIM-1", recorded.GetProperty("interaction").GetProperty("id").GetString());
        var after = await JourneyAsync(taxpayer);
        Assert.Equal(before.GetProperty("identifiers").GetRawText(), after.GetProperty("identifiers").GetRawText());
        Assert.Equal(before.GetProperty("interactions").GetArrayLength(), after.GetProperty("interactions").GetArrayLength());
    }

    [Fact]
    public async Task An_advisor_who_verified_the_caller_links_the_callers_number_to_the_claimed_person_and_the_decision_is_audited()
    {
        var taxpayer = (await LookupAsync("taxId", "3333333333333"))!;
        await AnswerAsync(new { callId = "CALL-VERIFY-1", @event = "answered", at = "2026-03-11T10:00:00+01:00", caller = "06 31 31 31 31", ivrTaxNumber = "3333333333333", agentId = "agent-7" });

        // Another call, or one that claims nobody, cannot be verified; the advisor's own call can.
        using var unknown = await _advisor.PostAsync("/api/v1/screen-pops/CALL-NOT-MINE/identity-verified", JsonContent.Create(new { }), Cancel);
        using var verified = await _advisor.PostAsync("/api/v1/screen-pops/CALL-VERIFY-1/identity-verified", JsonContent.Create(new { }), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, verified.StatusCode);
        var receipt = await verified.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(taxpayer, receipt.GetProperty("personId").GetString());
        // The journey service applies the decision: the caller's number is the taxpayer's from then on.
        Assert.Equal(taxpayer, await EmbeddedHost.EventuallyAsync(async () => await LookupAsync("phone", "06 31 31 31 31") is { } owner && owner == taxpayer ? owner : null, Cancel));
        var journey = await JourneyAsync(taxpayer);
        var decided = journey.GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("value").GetString()).ToList();
        Assert.Contains("+33631313131", decided);
        var audit = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?personId={taxpayer}", Cancel);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("reason").GetString() == "identity-verified" && e.GetProperty("via").GetString() == "screen-pop");
    }

    [Fact]
    public async Task Example_H_a_shared_front_desk_phone_finds_nobody_and_pops_nobodys_history()
    {
        for (var n = 1; n <= 3; n++)
        {
            var body = """{"id":"h-N","channel":"counter","type":"contact","occurredAt":"2026-03-0NT10:00:00+01:00","identifiers":[{"type":"taxId","value":"TAX"},{"type":"phone","value":"01 40 40 40 40"}],"subject":{"motive":"income-tax.question"}}"""
                .Replace("N", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("TAX", new string((char)('5' + n - 1), 13), StringComparison.Ordinal);
            using var posted = await host.PostAsync(body, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            await EmbeddedHost.EventuallyAsync(() => LookupAsync("taxId", new string((char)('5' + n - 1), 13)), Cancel);
        }

        var shared = await EmbeddedHost.EventuallyAsync(async () =>
        {
            using var response = await _advisor.SendAsync(EmbeddedHost.Lookup("phone", "01 40 40 40 40"), Cancel);
            return response.StatusCode == HttpStatusCode.Conflict ? await response.Content.ReadAsStringAsync(Cancel) : null;
        }, Cancel);
        Assert.Contains("Several citizens use this identifier", shared, StringComparison.Ordinal);

        var notice = await AnswerAsync(new { callId = "CALL-SHARED-1", @event = "answered", at = "2026-03-10T10:00:00+01:00", caller = "01 40 40 40 40", agentId = "agent-7" });
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("personId").ValueKind);
    }

    [Fact]
    public async Task A_phone_a_citizen_only_declared_on_a_signed_in_form_still_finds_them_marked_declared_and_two_declarers_find_nobody()
    {
        await host.PostAllAsync(new[]
        {
            """{"id":"decl-1","channel":"web","type":"contact","occurredAt":"2026-03-02T10:00:00+01:00","identifiers":[{"type":"accountId","value":"decl-a"},{"type":"phone","value":"06 81 81 81 81","assurance":"declared"},{"type":"email","value":"both@example.fr","assurance":"declared"}],"subject":{"motive":"income-tax.question"}}""",
            """{"id":"decl-2","channel":"web","type":"contact","occurredAt":"2026-03-02T11:00:00+01:00","identifiers":[{"type":"accountId","value":"decl-b"},{"type":"email","value":"both@example.fr","assurance":"declared"}],"subject":{"motive":"income-tax.question"}}""",
        }, Cancel);

        var citizen = await EmbeddedHost.EventuallyAsync(() => LookupAsync("accountId", "decl-a"), Cancel);
        await EmbeddedHost.EventuallyAsync(() => LookupAsync("accountId", "decl-b"), Cancel);

        using var byPhone = await _advisor.SendAsync(EmbeddedHost.Lookup("phone", "06 81 81 81 81"), Cancel);
        var found = await byPhone.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal((citizen, true), (found.GetProperty("personId").GetString(), found.GetProperty("declared").GetBoolean()));
        using var byEmail = await _advisor.SendAsync(EmbeddedHost.Lookup("email", "both@example.fr"), Cancel);
        Assert.Equal(HttpStatusCode.Conflict, byEmail.StatusCode);

        // The citizen calls from the number they declared: the screen-pop offers them, to verify; verified, it is theirs.
        var notice = await AnswerAsync(new { callId = "CALL-DECLARED-1", @event = "answered", at = "2026-03-12T10:00:00+01:00", caller = "06 81 81 81 81", agentId = "agent-7" });
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("personId").ValueKind);
        Assert.Equal(citizen, Assert.Single(notice.GetProperty("claims").EnumerateArray()).GetProperty("claimedPersonId").GetString());
        using var verified = await _advisor.PostAsync("/api/v1/screen-pops/CALL-DECLARED-1/identity-verified", JsonContent.Create(new { }), Cancel);
        Assert.Equal(HttpStatusCode.Accepted, verified.StatusCode);
        await EmbeddedHost.EventuallyAsync(async () =>
        {
            using var response = await _advisor.SendAsync(EmbeddedHost.Lookup("phone", "06 81 81 81 81"), Cancel);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            return body.TryGetProperty("declared", out var declared) && !declared.GetBoolean() && body.GetProperty("personId").GetString() == citizen ? "" : null;
        }, Cancel);
    }

    /// <summary>Listens as the advisor's page does, has the phone platform post the call event, and returns the notice the page receives.</summary>
    private async Task<JsonElement> AnswerAsync(object callEvent)
    {
        using var stream = await _advisor.GetStreamAsync("/api/v1/screen-pops", Cancel);
        using var reader = new StreamReader(stream);
        Assert.Equal("event: ready", await reader.ReadLineAsync(Cancel));
        using var answered = await host.PostCallEventAsync(callEvent, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        while (await reader.ReadLineAsync(Cancel) is { } next && next != "event: call-answered")
        {
        }

        return JsonDocument.Parse((await reader.ReadLineAsync(Cancel))!["data:".Length..]).RootElement.Clone();
    }
}
