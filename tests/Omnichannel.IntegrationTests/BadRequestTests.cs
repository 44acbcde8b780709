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
        return new Case(() => Post(One, body.ToJsonString()), HttpStatusCode.BadRequest, path, says);
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
    };

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
