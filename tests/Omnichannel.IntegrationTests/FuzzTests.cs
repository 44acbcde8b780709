using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Omnichannel.Hosting.Security;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Issue 16: a seeded mutation fuzzer over every ingestion endpoint, every query API and the pages' query
/// parameters, on the embedded default: no 5xx, no connection reset, and the journey store ends up holding
/// exactly the interactions the answers said were accepted; no control character posted reaches a log
/// line (log injection). Bounded (a few thousand requests) and
/// reproducible: a failure names its seed and request.
/// </summary>
public sealed class FuzzTests(LoggedHost host) : IClassFixture<LoggedHost>
{
    private const int Seed = 1616;
    private const int Requests = 2_400;
    private const string Source = "backoffice";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] Strange =
    [
        "", " ", "\u0000", "\r\n", "\t", "\u200b", "\u202e", "\u00ad", "\ufeff", "\ud800", "\udfff", "😀", "é", "\\", "\"", "'", "<script>", "%00", "../../etc",
        "9999-12-31", "0001-01-01", "2026-02-30", "2026-03-02T09:00:00", "2026-03-02T09:00:00+25:00", "-1", "1e309", "NaN", "null", "true", "{}", "[]",
        "06 12 34 56 78", "+33612345678", "1234567890123", "a@b.fr", new string('x', 129), new string('y', 5_000),
    ];

    private static readonly string[] Channels = ["web", "phone", "email", "sms", "chat", "counter", "mail", "fax", "PHONE"];

    [Fact]
    public async Task Mutated_requests_never_get_a_server_error_and_the_store_holds_exactly_what_was_accepted()
    {
        var random = new Random(Seed);
        var advisor = await host.SessionAsync(OmnichannelRoles.Advisor);
        var manager = await host.SessionAsync(OmnichannelRoles.Manager);
        var admin = await host.SessionAsync(OmnichannelRoles.Admin);
        var accepted = new HashSet<(string Source, string Id)>();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Requests; i++)
        {
            var (client, request, kind) = (i % 4) switch
            {
                0 or 1 => (host.Http, Ingestion(random, i), "ingestion"),
                2 => Query(random, advisor, manager, admin),
                _ => (host.Http, Native(random, i), "adapter"),
            };
            var described = $"seed {Seed}, request {i}: {request.Method} {request.RequestUri}";
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(Cancel);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, Cancel);
            }
            catch (HttpRequestException e)
            {
                Assert.Fail($"{described}: the connection failed ({e.Message}). Body: {Shorten(body)}");
                throw;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var text = await response.Content.ReadAsStringAsync(Cancel);
                Assert.True(status < 500, $"{described}: {status} {Shorten(text)}. Body: {Shorten(body)}");
                if (status == 202 && kind != "query")
                {
                    Record(JsonNode.Parse(text)!, accepted, request.RequestUri!.OriginalString.EndsWith("/batch", StringComparison.Ordinal));
                }
            }
        }

        // The fuzzer reached past validation too, not only its refusals.
        Assert.True(statuses.GetValueOrDefault(202) > 200, string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(statuses.GetValueOrDefault(400) > 500, string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));

        var stored = await EmbeddedHost.EventuallyAsync(async () =>
        {
            var now = await StoredAsync();
            return now.Count >= accepted.Count ? now : null;
        }, Cancel);
        await Task.Delay(500, Cancel);
        stored = await StoredAsync();
        Assert.Equal(accepted.Order().ToList(), stored.Order().ToList());
        var injected = host.Logs.Messages.Where(m => m.Any(c => char.IsControl(c))).Take(5).ToList();
        Assert.True(injected.Count == 0, string.Join("\n---\n", injected.Select(m => Shorten(m.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0")))));
    }

    private static void Record(JsonNode receipt, HashSet<(string, string)> accepted, bool batch)
    {
        if (batch)
        {
            foreach (var item in receipt["items"]!.AsArray())
            {
                if (item!["status"]!.GetValue<string>() is "accepted" or "duplicate")
                {
                    accepted.Add((Source, item["id"]!.GetValue<string>()));
                }
            }
        }
        else if (receipt["messageId"] is not null)
        {
            accepted.Add((receipt["source"]!.GetValue<string>(), receipt["id"]!.GetValue<string>()));
        }
    }

    private async Task<List<(string, string)>> StoredAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.JourneyPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, id FROM interactions";
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private static JsonObject Canonical(Random random, int i) => new()
    {
        ["id"] = $"fuzz-{i}",
        ["channel"] = "phone",
        ["type"] = "contact",
        ["occurredAt"] = "2026-03-02T09:00:00+01:00",
        ["identifiers"] = new JsonArray(
            new JsonObject { ["type"] = "phone", ["value"] = $"06 {random.Next(10, 99)} 34 56 78" },
            new JsonObject { ["type"] = "email", ["value"] = $"fuzz{random.Next(100)}@example.fr" }),
        ["subject"] = new JsonObject { ["motive"] = "income-tax.correction", ["caseRef"] = $"DOS-{random.Next(20)}" },
        ["outcome"] = "unresolved",
        ["service"] = "SIP Fuzz",
        ["attributes"] = new JsonObject { ["durationSeconds"] = 30 },
    };

    private static HttpRequestMessage Ingestion(Random random, int i)
    {
        if (random.Next(3) == 0)
        {
            var items = new JsonArray();
            for (var n = random.Next(1, 6); n > 0; n--)
            {
                items.Add(Mutate(random, Canonical(random, i * 10 + n)));
            }

            return Post("/api/v1/interactions/batch", Corrupt(random, items.ToJsonString()), random);
        }

        return Post("/api/v1/interactions", Corrupt(random, Mutate(random, Canonical(random, i)).ToJsonString()), random);
    }

    private static HttpRequestMessage Native(Random random, int i)
    {
        var (path, body) = random.Next(6) switch
        {
            0 => ("/api/v1/channels/cti/events", new JsonObject { ["callId"] = $"fuzz-call-{i}", ["event"] = "ended", ["at"] = "2026-03-02T09:12:00+01:00", ["caller"] = "06 12 34 56 78", ["ivrTaxNumber"] = "1234567890123", ["ivrChoice"] = "pas.rate", ["agentId"] = "agent-7", ["wrapUp"] = "unresolved", ["durationSeconds"] = 312 }),
            1 => ("/api/v1/channels/cti/events", new JsonObject { ["callId"] = $"fuzz-call-{i}", ["event"] = random.Next(2) == 0 ? "answered" : "offered", ["at"] = "2026-03-02T09:12:00+01:00", ["caller"] = "06 12 34 56 78", ["agentId"] = "agent-7" }),
            2 => ("/api/v1/channels/email/inbound", new JsonObject { ["messageId"] = $"<fuzz-{i}@mail.example.fr>", ["from"] = "Brigitte <brigitte@example.fr>", ["to"] = "sip@impots.example", ["subject"] = "Correction", ["receivedAt"] = "2026-03-02T10:31:00+01:00" }),
            3 => ("/api/v1/channels/sms/inbound", new JsonObject { ["messageId"] = $"fuzz-sms-{i}", ["from"] = "+33612345678", ["to"] = "38800", ["text"] = "Bonjour", ["receivedAt"] = "2026-03-02T18:02:00+01:00" }),
            _ => ("/api/v1/channels/portal/beacon", new JsonObject { ["eventId"] = $"fuzz-beacon-{i}", ["at"] = "2026-03-02T09:00:00+01:00", ["kind"] = random.Next(2) == 0 ? "form-submitted" : "page-viewed", ["accountId"] = "q1", ["cookie"] = "c1", ["procedure"] = "income-tax.correction" }),
        };
        return Post(path, Corrupt(random, Mutate(random, body).ToJsonString()), random);
    }

    /// <summary>A query API or a page with mutated parameters, as the role it is for (or another).</summary>
    private static (HttpClient, HttpRequestMessage, string) Query(Random random, HttpClient advisor, HttpClient manager, HttpClient admin)
    {
        string Value() => Uri.EscapeDataString(Pick(random, Strange));
        string Day() => random.Next(3) == 0 ? Value() : new DateOnly(random.Next(1, 10_000), random.Next(1, 13), random.Next(1, 29)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var metrics = Pick(random, ["summary", "timeseries", "channel-switches", "motives"]);
        var (client, method, path, body) = random.Next(11) switch
        {
            9 => (admin, "POST", "/api/v1/identity/preview", Corrupt(random, Mutate(random, new JsonObject
            {
                ["kind"] = Pick(random, ["split", "merge", "share", "dismiss-claim", "dismiss-conflict", Pick(random, Strange)]),
                ["personId"] = Pick(random, ["p-00000000000000000000000000000000", Pick(random, Strange)]),
                ["identifiers"] = new JsonArray(new JsonObject { ["type"] = Pick(random, ["phone", "email", "taxId"]), ["value"] = Pick(random, Strange) }),
                ["otherPersonId"] = Pick(random, Strange),
                ["interaction"] = new JsonObject { ["source"] = Pick(random, Strange), ["id"] = Pick(random, Strange) },
            }).ToJsonString())),
            10 => (admin, "GET", $"/referent?personne={Value()}", null),
            0 => (manager, "GET", $"/api/v1/metrics/{metrics}?from={Day()}&to={Day()}&channel={Pick(random, Channels)}", null),
            1 => (manager, "GET", $"/api/v1/metrics/{metrics}?from=2026-03-01&to=2026-03-31&motive={Value()}&service={Value()}&asOf={Value()}&format={Pick(random, ["csv", "json", "xml"])}&{Value()}={Value()}", null),
            2 => (advisor, "GET", $"/api/v1/people/{Value()}/journey?reason={Pick(random, ["callback", "incoming-call", Value()])}&asOf={Value()}", null),
            3 => (advisor, "POST", "/api/v1/people/lookup", Corrupt(random, Mutate(random, new JsonObject { ["type"] = Pick(random, ["phone", "email", "taxId", "cookie"]), ["value"] = Pick(random, Strange) }).ToJsonString())),
            4 => (admin, "GET", $"/api/v1/audit?limit={Pick(random, ["0", "1", "1000", "1001", "-5", "99999999999", Value()])}&personId={Value()}&user={Value()}", null),
            5 => (manager, "GET", $"/pilotage?du={Day()}&au={Day()}&canal={Pick(random, Channels)}&motif={Value()}&service={Value()}", null),
            6 => (advisor, "GET", $"/conseiller?personne={Value()}&raison={Pick(random, ["callback", Value()])}", null),
            7 => (advisor, "GET", $"/conseiller/historique?personne={Value()}&raison={Pick(random, ["callback", Value()])}", null),
            _ => (admin, "GET", $"/admin/journal?personne={Value()}&agent={Value()}&du={Value()}&au={Value()}&numero={Pick(random, ["0", "1001", "-1", "99999999999", Value()])}", null),
        };
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return (client, request, "query");
    }

    /// <summary>Half the time unchanged; otherwise a field removed, retyped or given a strange value.</summary>
    private static JsonNode Mutate(Random random, JsonObject body)
    {
        for (var mutations = random.Next(2) == 0 ? 0 : random.Next(1, 4); mutations > 0; mutations--)
        {
            var target = body;
            if (random.Next(3) == 0 && body.Select(p => p.Value).OfType<JsonObject>().ToList() is { Count: > 0 } nested)
            {
                target = Pick(random, nested);
            }

            var key = random.Next(6) == 0 || target.Count == 0 ? Pick(random, Strange) : Pick(random, [.. target.Select(p => p.Key)]);
            switch (random.Next(4))
            {
                case 0:
                    target.Remove(key);
                    break;
                case 1:
                    target[key] = Pick(random, Strange);
                    break;
                case 2:
                    target[key] = random.Next(3) switch { 0 => JsonValue.Create(random.Next()), 1 => JsonValue.Create(random.Next(2) == 0), _ => new JsonArray(new JsonObject()) };
                    break;
                default:
                    target[key] = Pick(random, Strange) + Pick(random, Strange);
                    break;
            }
        }

        return body;
    }

    /// <summary>Mostly the JSON as it is; sometimes with bytes flipped, cut short, or a lone surrogate escaped in.</summary>
    private static byte[] Corrupt(Random random, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        switch (random.Next(8))
        {
            case 0:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                var at = json.IndexOf(":\"", StringComparison.Ordinal);
                return at < 0 ? bytes : Encoding.UTF8.GetBytes(json.Insert(at + 2, Pick(random, ["\\ud800", "\\udfff", "\\u0000", "\\u200b"])));
            default:
                return bytes;
        }
    }

    private static HttpRequestMessage Post(string path, byte[] body, Random random)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(random.Next(20) switch
        {
            0 => "application/json; charset=iso-8859-1",
            1 => "text/plain",
            2 => "application/json; charset=utf-8",
            _ => "application/json",
        });
        if (random.Next(40) != 0)
        {
            request.Headers.Add("X-Api-Key", EmbeddedHost.Key);
        }

        return request;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
