using System.Net;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;
using static Omnichannel.IntegrationTests.IngestionThroughBrokerTests;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// A 202 means the broker confirmed: with the broker down, readiness turns Unhealthy within seconds, posts get
/// 503 within the publish timeout (2 s here, retries and waiting for a turn included), what got 202 survives
/// a restart, and readiness is Healthy again by itself.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerOutageTests(BrokerNode node, IngestionHost host)
{
    [Fact]
    public async Task With_the_broker_stopped_posts_get_503_and_every_202_is_in_the_queue_after_restart()
    {
        node.SkipIfUnavailable();
        var cancel = TestContext.Current.CancellationToken;
        var accepted = new List<string>();
        string queue;
        await using (var probe = await BusProbe.CreateAsync(node.Port))
        {
            queue = probe.Queue;
            foreach (var id in new[] { "outage-before-1", "outage-before-2" })
            {
                using var response = await host.Client.SendAsync(Post("/api/v1/interactions", Call(id).ToJsonString()), cancel);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add(id);
            }

            await node.StopAsync();
        }

        try
        {
            await ReadyAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var during = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            {
                using var response = await host.Client.SendAsync(Post("/api/v1/interactions", Call($"outage-during-{i}").ToJsonString()), cancel);
                return (response.StatusCode, Elapsed: clock.Elapsed);
            }));
            // Within the publish timeout, with a second for the request itself on a busy machine.
            Assert.All(during, d => Assert.True(d.StatusCode == HttpStatusCode.ServiceUnavailable && d.Elapsed < TimeSpan.FromSeconds(3), $"{d.StatusCode} after {d.Elapsed.TotalSeconds:F1} s"));
            using var refused = await host.Client.SendAsync(Post("/api/v1/interactions", Call("outage-during").ToJsonString()), cancel);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("5", refused.Headers.RetryAfter?.ToString());
            Assert.Contains("Retry", await refused.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);
        }
        finally
        {
            await node.StartAsync();
        }

        // The host reconnects by itself; a client retries as Retry-After tells it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await host.Client.SendAsync(Post("/api/v1/interactions", Call("outage-after").ToJsonString()), cancel);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add("outage-after");
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "The host did not publish again within 60 s of the broker's restart.");
            await Task.Delay(500, cancel);
        }

        await ReadyAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await using var reader = await BusProbe.CreateAsync(node.Port, queue);
        var held = (await reader.DrainAsync()).SelectMany(m => m.GetProperty("message").GetProperty("interactions").EnumerateArray()).Select(i => i.GetProperty("id").GetString()).ToHashSet();
        Assert.Superset(accepted.ToHashSet(), held!);
    }

    private Task ReadyAsync(HttpStatusCode expected, TimeSpan within) =>
        EmbeddedProcess.WaitForReadinessAsync(host.Client, expected, within, TestContext.Current.CancellationToken);
}
