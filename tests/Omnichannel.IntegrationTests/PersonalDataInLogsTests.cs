using System.Net;
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
