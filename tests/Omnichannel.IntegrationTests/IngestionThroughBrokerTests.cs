using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The ingestion API over a real RabbitMQ node: what a 202 means, and what bad input does not do.</summary>
[Collection(BrokerCollection.Name)]
public sealed class IngestionThroughBrokerTests(BrokerNode node, IngestionHost host)
{
    private HttpClient Http => host.Client;

    internal static JsonObject Call(string id) => new()
    {
        ["id"] = id,
        ["channel"] = "phone",
        ["type"] = "contact",
        ["occurredAt"] = "2026-03-02T09:00:00+01:00",
        ["identifiers"] = new JsonArray(
            new JsonObject { ["type"] = "phone", ["value"] = "06 12 34 56 78" },
            new JsonObject { ["type"] = "taxId", ["value"] = "12 34 567 890 123" }),
        ["subject"] = new JsonObject { ["motive"] = "income-tax.correction" },
        ["outcome"] = "transferred",
    };

    internal static HttpRequestMessage Post(string path, string? json, string? key = IngestionHost.PhoneKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new(contentType);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    [Theory]
    [InlineData("/connexion")]
    [InlineData("/conseiller")]
    [InlineData("/api/v1/people/p-1/journey?reason=callback")]
    public async Task A_node_without_the_portal_answers_401_instead_of_sending_a_browser_to_a_sign_in_page_it_lacks(string path)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };

        using var response = await browser.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_posted_interaction_arrives_once_and_normalized()
    {
        node.SkipIfUnavailable();
        await using var probe = await BusProbe.CreateAsync(node.Port);

        using var response = await Http.SendAsync(Post("/api/v1/interactions", Call("arrives-once").ToJsonString()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var message = Assert.Single(await probe.DrainAsync());
        Assert.Equal(receipt.GetProperty("messageId").GetGuid(), message.GetProperty("messageId").GetGuid());
        var interaction = Assert.Single(message.GetProperty("message").GetProperty("interactions").EnumerateArray());
        Assert.Equal("arrives-once", interaction.GetProperty("id").GetString());
        Assert.Equal("cti", interaction.GetProperty("source").GetString());
        var values = interaction.GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("value").GetString()).ToList();
        Assert.Equal(["+33612345678", "1234567890123"], values);
    }

    /// <summary>
    /// RabbitMQ confirms a publish that no queue takes, and drops it: before the journey role has ever started on a
    /// broker (or once its queue is deleted), an ingestion that took the confirmation for durability answered 202 for
    /// interactions nobody would ever stitch. A post nothing would take is refused (503); once a queue takes the
    /// type, the same post is accepted and arrives.
    /// </summary>
    [Fact]
    public async Task A_post_no_queue_would_take_is_refused_with_503_not_confirmed_and_dropped()
    {
        node.SkipIfUnavailable();
        var virtualHost = await node.Node.AddVirtualHostAsync($"unbound-{Guid.NewGuid():N}");
        var ingestion = await RoleHost.StartAsync(node, virtualHost, "ingestion", new Dictionary<string, string?>
        {
            ["Ingestion:ApiKeys:0:Key"] = IngestionHost.PhoneKey,
            ["Ingestion:ApiKeys:0:Source"] = "cti",
            ["Ingestion:ApiKeys:0:Channels:0"] = "phone",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = RoleHost.AddressOf(ingestion) };

            using var refused = await http.SendAsync(Post("/api/v1/interactions", Call("nobody-takes-it").ToJsonString()), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            await using var probe = await BusProbe.CreateAsync(node.Port, virtualHost: virtualHost);
            Assert.Empty(await probe.DrainAsync());

            using var accepted = await http.SendAsync(Post("/api/v1/interactions", Call("nobody-takes-it").ToJsonString()), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var message = Assert.Single(await probe.DrainAsync());
            Assert.Equal("nobody-takes-it", message.GetProperty("message").GetProperty("interactions")[0].GetProperty("id").GetString());
        }
        finally
        {
            await ingestion.StopAsync(CancellationToken.None);
            await ingestion.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_repeated_post_carries_the_same_message_id()
    {
        node.SkipIfUnavailable();
        await using var probe = await BusProbe.CreateAsync(node.Port);

        using var first = await Http.SendAsync(Post("/api/v1/interactions", Call("twice").ToJsonString()), TestContext.Current.CancellationToken);
        using var second = await Http.SendAsync(Post("/api/v1/interactions", Call("twice").ToJsonString()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var ids = (await probe.DrainAsync()).Select(m => m.GetProperty("messageId").GetGuid()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task A_mixed_batch_reports_each_item_and_publishes_only_the_good_ones()
    {
        node.SkipIfUnavailable();
        await using var probe = await BusProbe.CreateAsync(node.Port);
        var bad = Call("batch-bad");
        bad["identifiers"]![0]!["value"] = "12";
        var web = Call("batch-web");
        web["channel"] = "web";
        var batch = new JsonArray(Call("batch-1"), bad, Call("batch-2"), Call("batch-1"), web);

        using var response = await Http.SendAsync(Post("/api/v1/interactions/batch", batch.ToJsonString()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(2, receipt.GetProperty("accepted").GetInt32());
        Assert.Equal(1, receipt.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, receipt.GetProperty("rejected").GetInt32());
        var statuses = receipt.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()).ToList();
        Assert.Equal(["accepted", "rejected", "accepted", "duplicate", "rejected"], statuses);
        var badItem = receipt.GetProperty("items")[1].GetProperty("errors");
        Assert.True(badItem.TryGetProperty("$[1].identifiers[0].value", out _));
        Assert.True(receipt.GetProperty("items")[4].GetProperty("errors").TryGetProperty("$[4].channel", out _));

        // One message carries the accepted items; each accepted item and its repeat name it.
        var message = Assert.Single(await probe.DrainAsync());
        var published = message.GetProperty("message").GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(["batch-1", "batch-2"], published);
        var carriedBy = receipt.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("messageId")).Select(id => id.ValueKind == JsonValueKind.Null ? (Guid?)null : id.GetGuid()).ToList();
        var messageId = message.GetProperty("messageId").GetGuid();
        Assert.Equal([messageId, null, messageId, messageId, null], carriedBy);
    }

    [Fact]
    public async Task A_CTI_call_that_ends_arrives_as_one_phone_contact_and_a_ringing_call_publishes_nothing()
    {
        node.SkipIfUnavailable();
        await using var probe = await BusProbe.CreateAsync(node.Port);
        const string call = """{ "callId": "CALL-77", "event": "{0}", "at": "2026-03-02T09:12:00+01:00", "caller": "06 12 34 56 78", "ivrChoice": "pas.rate", "wrapUp": "unresolved" }""";

        using var ringing = await Http.SendAsync(Post("/api/v1/channels/cti/events", call.Replace("{0}", "offered", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ringing.StatusCode);
        Assert.Empty(await probe.DrainAsync());

        using var ended = await Http.SendAsync(Post("/api/v1/channels/cti/events", call.Replace("{0}", "ended", StringComparison.Ordinal)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, ended.StatusCode);
        var interaction = Assert.Single(Assert.Single(await probe.DrainAsync()).GetProperty("message").GetProperty("interactions").EnumerateArray());
        Assert.Equal("CALL-77", interaction.GetProperty("id").GetString());
        Assert.Equal("+33612345678", interaction.GetProperty("identifiers")[0].GetProperty("value").GetString());
    }
}
