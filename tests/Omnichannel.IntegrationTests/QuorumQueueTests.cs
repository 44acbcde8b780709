using Omnichannel.IntegrationTests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>With <c>RabbitMq__QuorumQueues</c>, the durable queues are quorum queues and the per-process ones stay classic.</summary>
/// <remarks>In the broker collection: the outage test stops the shared node, so tests of the node run one after another.</remarks>
[Collection(BrokerCollection.Name)]
public sealed class QuorumQueueTests(BrokerNode node)
{
    [Fact]
    public async Task Durable_queues_are_declared_as_quorum_queues_when_asked()
    {
        node.SkipIfUnavailable();
        var cancel = TestContext.Current.CancellationToken;
        var virtualHost = await node.Node.AddVirtualHostAsync($"quorum-{Guid.NewGuid():N}");
        var folder = Directory.CreateTempSubdirectory("omnichannel-quorum-").FullName;
        var app = await RoleHost.StartAsync(node, virtualHost, "journey", new Dictionary<string, string?>
        {
            ["RabbitMq:QuorumQueues"] = "true",
            ["Journey:SqlitePath"] = Path.Combine(folder, "journeys.db"),
        });
        try
        {
            var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = node.Port, VirtualHost = virtualHost };
            await using var connection = await factory.CreateConnectionAsync(cancel);
            // The bus declares its queues as its endpoints start: wait until this one exists.
            for (var attempt = 0; ; attempt++)
            {
                await using var probe = await connection.CreateChannelAsync(cancellationToken: cancel);
                try
                {
                    await probe.QueueDeclarePassiveAsync("journey-stitch-interactions", cancel);
                    break;
                }
                catch (OperationInterruptedException) when (attempt < 100)
                {
                    await Task.Delay(100, cancel);
                }
            }

            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancel);

            // Declaring it again as a classic queue is refused: it exists as a quorum queue.
            var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
                channel.QueueDeclareAsync("journey-stitch-interactions", durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic" }, cancellationToken: cancel));
            Assert.Equal(406, refused.ShutdownReason!.ReplyCode);
            Assert.Contains("quorum", refused.ShutdownReason.ReplyText, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

    }
}
