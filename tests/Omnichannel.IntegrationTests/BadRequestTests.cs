using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;
using static Omnichannel.IntegrationTests.IngestionThroughBrokerTests;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Every kind of bad request gets the right status and a message naming what is wrong, and publishes
/// nothing: the probe queue on the real broker stays empty.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BadRequestTests(BrokerNode node, IngestionHost host)
{
    private const string One = "/api/v1/interactions";
    private const string Batch = "/api/v1/interactions/batch";

    /// <param name="Build">The request.</param>
    /// <param name="Status">The status it must get.</param>
    /// <param name="Where">The JSON path named in <c>errors</c> (400), or null for another status.</param>
    /// <param name="Says">A fragment of the reason (400) or of the problem's detail.</param>
    public sealed record Case(Func<HttpRequestMessage> Build, HttpStatusCode Status, string? Where, string Says);

    private static Case Field(string path, string says, Action<JsonObject> breakIt)
    {
        var body = Call("bad");
        breakIt(body);
        // JsonObject cannot hold a lone surrogate: the placeholder becomes one, escaped, on the wire.
        return new Case(() => Post(One, body.ToJsonString().Replace("SURROGATE", "06\\ud800", StringComparison.Ordinal)), HttpStatusCode.BadRequest, path, says);
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["id missing"] = Field("$.id", "required", b => b.Remove("id")),
        ["id empty"] = Field("$.id", "1 to 128", b => b["id"] = ""),
        ["id too long"] = Field("$.id", "1 to 128", b => b["id"] = new string('i', 129)),
        ["id of the wrong type"] = Field("$.id", "must be a string", b => b["id"] = 7),
        ["channel missing"] = Field("$.channel", "required", b => b.Remove("channel")),
        ["channel unknown"] = Field("$.channel", "one of", b => b["channel"] = "telex"),
        ["channel of the wrong type"] = Field("$.channel", "one of", b => b["channel"] = true),
        ["type missing"] = Field("$.type", "required", b => b.Remove("type")),
        ["type unknown"] = Field("$.type", "one of", b => b["type"] = "complaint"),
        ["occurredAt missing"] = Field("$.occurredAt", "required", b => b.Remove("occurredAt")),
        ["occurredAt not a date"] = Field("$.occurredAt", "ISO-8601", b => b["occurredAt"] = "last tuesday"),
        ["occurredAt without offset"] = Field("$.occurredAt", "offset", b => b["occurredAt"] = "2026-03-02T09:00:00"),
        ["occurredAt far in the future"] = Field("$.occurredAt", "24 hours", b => b["occurredAt"] = DateTimeOffset.UtcNow.AddDays(3).ToString("O")),
        ["identifiers missing"] = Field("$.identifiers", "required", b => b.Remove("identifiers")),
        ["identifiers empty"] = Field("$.identifiers", "1 to 10", b => b["identifiers"] = new JsonArray()),
        ["identifiers of the wrong type"] = Field("$.identifiers", "array", b => b["identifiers"] = "0612345678"),
        ["too many identifiers"] = Field("$.identifiers", "1 to 10", b => b["identifiers"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["type"] = "cookie", ["value"] = $"c{i}" }).ToArray())),
        ["identifier type unknown"] = Field("$.identifiers[0].type", "one of", b => b["identifiers"]![0]!["type"] = "nir"),
        ["identifier value missing"] = Field("$.identifiers[0].value", "required", b => b["identifiers"]![0]!.AsObject().Remove("value")),
        ["invalid phone number"] = Field("$.identifiers[0].value", "phone number", b => b["identifiers"]![0]!["value"] = "+33 6 12"),
        ["invalid email"] = Field("$.identifiers[0].value", "@", b => b["identifiers"]![0] = new JsonObject { ["type"] = "email", ["value"] = "brigitte.example.fr" }),
        ["email without a dotted domain"] = Field("$.identifiers[0].value", "dot", b => b["identifiers"]![0] = new JsonObject { ["type"] = "email", ["value"] = "brigitte@localhost" }),
        ["invalid tax number"] = Field("$.identifiers[1].value", "13 digits", b => b["identifiers"]![1]!["value"] = "123 456"),
        ["tax number with letters"] = Field("$.identifiers[1].value", "13 digits", b => b["identifiers"]![1]!["value"] = "12345678901AB"),
        ["cookie too long"] = Field("$.identifiers[0].value", "1 to 128", b => b["identifiers"]![0] = new JsonObject { ["type"] = "cookie", ["value"] = new string('k', 129) }),
        ["two tax numbers"] = Field("$.identifiers", "at most one", b => b["identifiers"]!.AsArray().Add(new JsonObject { ["type"] = "taxId", ["value"] = "9999999999999" })),
        ["subject missing on a contact"] = Field("$.subject", "required", b => b.Remove("subject")),
        ["motive missing"] = Field("$.subject.motive", "required", b => b["subject"] = new JsonObject()),
        ["motive not a dotted code"] = Field("$.subject.motive", "lowercase dotted", b => b["subject"]!["motive"] = "Impôt sur le revenu"),
        ["motive too long"] = Field("$.subject.motive", "1 to 100", b => b["subject"]!["motive"] = new string('m', 101)),
        ["caseRef too long"] = Field("$.subject.caseRef", "1 to 64", b => b["subject"]!["caseRef"] = new string('c', 65)),
        ["outcome unknown"] = Field("$.outcome", "one of", b => b["outcome"] = "done"),
        ["outcome on a visit"] = Field("$.outcome", "only for a contact", b => b["type"] = "visit"),
        ["deadline not a date"] = Field("$.announcedDeadline", "ISO-8601", b => b["announcedDeadline"] = 15),
        ["service too long"] = Field("$.service", "1 to 100", b => b["service"] = new string('s', 101)),
        ["agentId too long"] = Field("$.agentId", "1 to 64", b => b["agentId"] = new string('a', 65)),
        ["attributes nested"] = Field("$.attributes.call", "flat", b => b["attributes"] = new JsonObject { ["call"] = new JsonObject() }),
        ["attributes over 4 KB"] = Field("$.attributes", "4096 bytes", b => b["attributes"] = new JsonObject { ["notes"] = new string('n', 5000) }),
        ["source in the body"] = Field("$.source", "API key", b => b["source"] = "someone-else"),
        ["unknown field"] = Field("$.channnel", "not a field", b => b["channnel"] = "phone"),
        ["broken JSON"] = new(() => Post(One, "{\"id\": \"x\", "), HttpStatusCode.BadRequest, "$", "not valid JSON"),
        ["empty body"] = new(() => Post(One, ""), HttpStatusCode.BadRequest, "$", "required"),
        ["body that is not an object"] = new(() => Post(One, "[1,2,3]"), HttpStatusCode.BadRequest, "$", "JSON object"),
        ["body over the limit"] = new(() => Post(One, Call("huge").ToJsonString().Replace("\"bad\"", "\"huge\"", StringComparison.Ordinal).Insert(1, $"\"pad\":\"{new string('p', 70_000)}\",")), HttpStatusCode.RequestEntityTooLarge, null, "at most"),
        ["batch over 2 MB"] = new(() => Post(Batch, new JsonArray(Enumerable.Range(0, 700).Select(i => (JsonNode)new JsonObject { ["id"] = $"b{i}", ["attributes"] = new JsonObject { ["x"] = new string('x', 3_000) } }).ToArray()).ToJsonString()), HttpStatusCode.RequestEntityTooLarge, null, "at most"),
        ["batch of 1,001 items"] = new(() => Post(Batch, new JsonArray(Enumerable.Range(0, 1_001).Select(i => (JsonNode)Call($"many-{i}")).ToArray()).ToJsonString()), HttpStatusCode.RequestEntityTooLarge, null, "at most 1000"),
        ["batch that is not an array"] = new(() => Post(Batch, Call("x").ToJsonString()), HttpStatusCode.BadRequest, "$", "JSON array"),
        ["empty batch"] = new(() => Post(Batch, "[]"), HttpStatusCode.BadRequest, "$", "at least one"),
        ["batch of only bad items"] = new(() => Post(Batch, new JsonArray(new JsonObject { ["id"] = "x" }).ToJsonString()), HttpStatusCode.BadRequest, "$[0].channel", "required"),
        ["missing API key"] = new(() => Post(One, Call("k").ToJsonString(), key: null), HttpStatusCode.Unauthorized, null, "X-Api-Key"),
        ["wrong API key"] = new(() => Post(One, Call("k").ToJsonString(), key: "not-a-key"), HttpStatusCode.Unauthorized, null, "X-Api-Key"),
        ["wrong API key on a batch"] = new(() => Post(Batch, "[]", key: "not-a-key"), HttpStatusCode.Unauthorized, null, "X-Api-Key"),
        ["channel not allowed for the key"] = new(() => Post(One, Call("k").ToJsonString(), key: IngestionHost.PortalKey), HttpStatusCode.Forbidden, null, "may not post channel 'phone'"),
        ["wrong content type"] = new(() => Post(One, Call("k").ToJsonString(), contentType: "text/plain"), HttpStatusCode.UnsupportedMediaType, null, "application/json"),
        ["form content type"] = new(() => Post(One, "id=x", contentType: "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, null, "application/json"),
        ["no body and no content type"] = new(() => Post(One, null), HttpStatusCode.UnsupportedMediaType, null, "application/json"),

        // Issue 16: text that is not Unicode was a 500 from deep inside the reader.
        ["invalid UTF-8 in a value"] = new(() => Raw(One, Bytes("{\"id\":\"a", [0xC3, 0x28], "\"}")), HttpStatusCode.BadRequest, "$.id", "not valid Unicode"),
        ["invalid UTF-8 in a property name"] = new(() => Raw(One, Bytes("{\"attributes\":{\"n", [0xFF], "\":1}}")), HttpStatusCode.BadRequest, "$.attributes", "property name"),
        ["escaped lone surrogate in an identifier"] = Field("$.identifiers[0].value", "not valid Unicode", b => b["identifiers"]![0]!["value"] = "SURROGATE"),
        ["body in ISO-8859-1"] = new(() => Raw(One, System.Text.Encoding.Latin1.GetBytes(Call("latin").ToJsonString().Replace("income-tax.correction", "imp\u00f4t", StringComparison.Ordinal)), "application/json; charset=iso-8859-1"), HttpStatusCode.UnsupportedMediaType, null, "UTF-8"),
        ["invalid UTF-8 in a CTI event"] = new(() => Raw(Cti, Bytes("{\"callId\":\"C-1\",\"event\":\"ended\",\"at\":\"2026-03-02T09:12:00+01:00\",\"caller\":\"06", [0xE2, 0x82], "\"}")), HttpStatusCode.BadRequest, "$.caller", "not valid Unicode"),

        // Issue 16: a CTI event only from a key of the phone channel, every kind checked, in its own fields' names.
        ["answered call posted with a key of another channel"] = new(() => Post(Cti, CallEvent("answered"), key: IngestionHost.PortalKey), HttpStatusCode.Forbidden, null, "may not post channel 'phone'"),
        ["offered call posted with a key of another channel"] = new(() => Post(Cti, CallEvent("offered"), key: IngestionHost.PortalKey), HttpStatusCode.Forbidden, null, "may not post channel 'phone'"),
        ["offered call with a date that is not one"] = new(() => Post(Cti, CallEvent("offered", at: "x")), HttpStatusCode.BadRequest, "$.at", "ISO-8601"),
        ["answered call with a line break in its id"] = new(() => Post(Cti, CallEvent("answered", callId: "C\r\n\u0000-1")), HttpStatusCode.BadRequest, "$.callId", "format character"),
        ["answered call with a 60,000-character id"] = new(() => Post(Cti, CallEvent("answered", callId: new string('c', 60_000))), HttpStatusCode.BadRequest, "$.callId", "1 to 128"),
        ["answered call with a caller that is no number"] = new(() => Post(Cti, CallEvent("answered", caller: "+33 6 12")), HttpStatusCode.BadRequest, "$.caller", "phone number"),
        ["ended call with a caller that is no number"] = new(() => Post(Cti, CallEvent("ended", caller: "+33 6 12")), HttpStatusCode.BadRequest, "$.caller", "phone number"),
        ["ended call with a date without offset"] = new(() => Post(Cti, CallEvent("ended", at: "2026-03-02T09:12:00")), HttpStatusCode.BadRequest, "$.at", "ISO-8601"),
        ["SMS whose sender is no number"] = new(() => Post("/api/v1/channels/sms/inbound", "{\"messageId\":\"S-1\",\"from\":\"12\",\"to\":\"38800\",\"receivedAt\":\"2026-03-02T18:02:00+01:00\"}", key: IngestionHost.SmsKey), HttpStatusCode.BadRequest, "$.from", "phone number"),
        ["beacon with an invisible character in its cookie"] = new(() => Post("/api/v1/channels/portal/beacon", "{\"eventId\":\"e-1\",\"at\":\"2026-03-02T09:00:00+01:00\",\"kind\":\"page-viewed\",\"cookie\":\"c\\u200b1\"}", key: IngestionHost.PortalKey), HttpStatusCode.BadRequest, "$.cookie", "format character"),
    };

    private const string Cti = "/api/v1/channels/cti/events";

    private static string CallEvent(string kind, string callId = "CALL-BAD-1", string at = "2026-03-02T09:12:00+01:00", string caller = "06 12 34 56 78") =>
        new JsonObject { ["callId"] = callId, ["event"] = kind, ["at"] = at, ["caller"] = caller, ["agentId"] = "agent-7" }.ToJsonString();

    private static byte[] Bytes(string before, byte[] bad, string after) =>
        [.. System.Text.Encoding.UTF8.GetBytes(before), .. bad, .. System.Text.Encoding.UTF8.GetBytes(after)];

    private static HttpRequestMessage Raw(string path, byte[] body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Api-Key", IngestionHost.PhoneKey);
        return request;
    }

    /// <summary>Issue 16: one item of a batch with invalid text is rejected by itself; the others are accepted and published.</summary>
    [Fact]
    public async Task An_item_with_invalid_text_is_rejected_alone_in_its_batch()
    {
        node.SkipIfUnavailable();
        await using var probe = await BusProbe.CreateAsync(node.Port);
        var json = new JsonArray(Call("text-ok-1"), Call("text-bad"), Call("text-ok-2")).ToJsonString()
            .Replace("\"text-bad\"", "\"text-\\ud800bad\"", StringComparison.Ordinal);

        using var response = await host.Client.SendAsync(Post(Batch, json), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(["accepted", "rejected", "accepted"], receipt.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
        Assert.True(receipt.GetProperty("items")[1].GetProperty("errors").TryGetProperty("$[1].id", out _));
        var message = Assert.Single(await probe.DrainAsync());
        Assert.Equal(["text-ok-1", "text-ok-2"], message.GetProperty("message").GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_request_gets_a_clear_error_and_publishes_nothing(string name)
    {
        node.SkipIfUnavailable();
        var (build, status, where, says) = Cases[name];
        await using var probe = await BusProbe.CreateAsync(node.Port);

        using var response = await host.Client.SendAsync(build(), TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var message = where is null
            ? problem.GetProperty("detail").GetString()
            : string.Join(" ", problem.GetProperty("errors").GetProperty(where).EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(says, message, StringComparison.Ordinal);
        Assert.Empty(await probe.DrainAsync());
    }

    [Fact]
    public void The_table_holds_at_least_forty_bad_requests() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");
}
