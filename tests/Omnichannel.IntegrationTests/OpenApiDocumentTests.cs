using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Issue 16: channel developers read the API without an account, in a document that is valid OpenAPI 3.1
/// (checked against the OpenAPI Initiative's own JSON Schema), with a schema and a working example for
/// every body, its query parameters declared, and how each operation authenticates.
/// </summary>
public sealed class OpenApiDocumentTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly Lazy<JsonSchema> OpenApi31 = new(() =>
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "openapi-schemas", "v3.1");
        foreach (var part in new[] { "meta/base.schema.json", "dialect/base.schema.json", "schema.json" })
        {
            SchemaRegistry.Global.Register(JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, part))));
        }

        // schema-base: the document, and every schema in it under the OpenAPI 3.1 dialect.
        return JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, "schema-base.json")));
    });

    private async Task<JsonNode> DocumentAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = host.Address };
        using var response = await anonymous.GetAsync("/openapi/v1.json", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "delete" or "patch")
            .Select(o => (path.Key, o.Key, o.Value!.AsObject())));

    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_1()
    {
        var document = await DocumentAsync();

        var result = OpenApi31.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.StartsWith("3.1.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result.IsValid, string.Join("\n", result.Details.Where(d => !d.IsValid && d.Errors is not null).Take(20).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Fact]
    public void The_validator_refuses_a_document_that_is_not_OpenAPI()
    {
        var broken = JsonNode.Parse("""{"openapi":"3.1.1","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"nowhere"}],"responses":{"200":{"description":"ok"}}}}}}""");

        Assert.False(OpenApi31.Value.Evaluate(broken).IsValid);
    }

    [Fact]
    public async Task Every_body_has_a_schema_with_its_fields_and_an_example()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var bodies = Operations(document).Where(o => o.Operation["requestBody"] is not null).ToList();

        Assert.Equal(
            ["/api/v1/channels/cti/events", "/api/v1/channels/email/inbound", "/api/v1/channels/portal/beacon", "/api/v1/channels/sms/inbound", "/api/v1/data-protection/erasures", "/api/v1/data-protection/lookup", "/api/v1/identity/decisions", "/api/v1/identity/preview", "/api/v1/interactions", "/api/v1/interactions/batch", "/api/v1/people/lookup"],
            bodies.Select(b => b.Path).Order(StringComparer.Ordinal));
        foreach (var (path, _, operation) in bodies)
        {
            var media = operation["requestBody"]!["content"]!["application/json"]!;
            Assert.True(media["example"] is not null, $"{path}: no example");
            var schema = media["schema"]!;
            schema = schema["items"] ?? schema;
            schema = schema["$ref"] is { } reference ? schemas[reference.GetValue<string>().Split('/')[^1]]! : schema;
            var properties = schema["properties"]!.AsObject();
            Assert.True(properties.Count >= 2, $"{path}: {properties.Count} properties");
            Assert.All(properties, p => Assert.False(string.IsNullOrEmpty(p.Value!["description"]?.GetValue<string>()), $"{path}: {p.Key} undescribed"));
            Assert.DoesNotContain("Example:", operation["description"]?.GetValue<string>() ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_example_body_is_accepted_by_its_endpoint()
    {
        var document = await DocumentAsync();
        foreach (var (path, _, operation) in Operations(document).Where(o => o.Path.StartsWith("/api/v1/interactions", StringComparison.Ordinal) || o.Path.StartsWith("/api/v1/channels", StringComparison.Ordinal)))
        {
            var example = operation["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(example, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Api-Key", EmbeddedHost.Key);

            using var response = await host.Http.SendAsync(request, Cancel);

            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        }
    }

    [Fact]
    public async Task Query_parameters_are_declared_and_each_operation_says_how_it_authenticates()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (schemes["apiKey"]!["type"]!.GetValue<string>(), schemes["apiKey"]!["in"]!.GetValue<string>(), schemes["apiKey"]!["name"]!.GetValue<string>()));
        Assert.Equal("cookie", schemes["session"]!["in"]!.GetValue<string>());

        foreach (var (path, method, operation) in Operations(document))
        {
            var security = operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList() ?? [];
            var channelSystem = path.StartsWith("/api/v1/interactions", StringComparison.Ordinal) || path.StartsWith("/api/v1/channels", StringComparison.Ordinal);
            Assert.Equal(channelSystem ? ["apiKey"] : ["session"], security);
            var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            Assert.Contains("401", statuses);
            Assert.Contains(statuses, s => s is "400" || (method == "get" && path.EndsWith("screen-pops", StringComparison.Ordinal)));
        }

        var parameters = Operations(document).ToDictionary(o => o.Path, o => o.Operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query").ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["required"]?.GetValue<bool>() ?? false) ?? []);
        foreach (var metrics in new[] { "summary", "timeseries", "channel-switches", "motives", "services" })
        {
            var declared = parameters[$"/api/v1/metrics/{metrics}"];
            Assert.Equal(["asOf", "channel", "convention", "format", "from", "motive", "service", "to"], declared.Keys.Order(StringComparer.Ordinal));
            Assert.True(declared["from"] && declared["to"] && !declared["channel"]);
        }

        Assert.Equal(["asOf", "reason"], parameters["/api/v1/people/{personId}/journey"].Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["days", "service"], parameters["/api/v1/metrics/due"].Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["before", "from", "limit", "offset", "personId", "user"], parameters["/api/v1/audit"].Keys.Order(StringComparer.Ordinal));
    }
}
