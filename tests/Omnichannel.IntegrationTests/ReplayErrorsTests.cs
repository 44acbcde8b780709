using System.Globalization;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Contracts;
using Omnichannel.Host;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Journey.Stitching;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// <c>replay-errors QUEUE</c> on RabbitMQ: the faulted messages of <c>QUEUE_error</c> go back to QUEUE, where
/// the journey consumes them again.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class ReplayErrorsTests(BrokerNode node)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_errors_moves_the_error_queue_back_and_the_journey_consumes_it_again()
    {
        node.SkipIfUnavailable();
        var virtualHost = await node.Node.AddVirtualHostAsync($"replay-{Guid.NewGuid():N}");
        var folder = Directory.CreateTempSubdirectory("omnichannel-replay-").FullName;
        var journey = await RoleHost.StartAsync(node, virtualHost, "journey", new Dictionary<string, string?> { ["Journey:SqlitePath"] = Path.Combine(folder, "journeys.db") });
        try
        {
            var poison = new Interaction
            {
                Id = "replayed",
                Source = "cti",
                Channel = Channel.Phone,
                Type = InteractionType.Contact,
                OccurredAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)),
                Identifiers = [],
                Subject = new Subject { Motive = "pas.rate" },
            };
            // Sent to the journey's queue itself: a publish right after the start could reach the exchange before the queue is bound to it.
            var queue = await journey.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{StitchInteractionsConsumerDefinition.QueueName}"));
            await queue.Send(new InteractionsRecorded { Interactions = [poison] }, Cancel);
            var errorQueue = $"{StitchInteractionConsumerDefinition.QueueName}_error";
            await UntilAsync(async () => await CountAsync(virtualHost, errorQueue) == 1, "the malformed message in the error queue");

            var replayedAt = DateTimeOffset.UtcNow;
            var output = new StringWriter();
            Assert.Equal(0, await ReplayErrorsCommand.RunAsync(
                ["replay-errors", StitchInteractionConsumerDefinition.QueueName, "--Bus:Transport", "RabbitMq", "--RabbitMq:Port", node.Port.ToString(CultureInfo.InvariantCulture), "--RabbitMq:VirtualHost", virtualHost],
                output, Cancel));
            Assert.Contains($"1 message(s) moved from {errorQueue} back to {StitchInteractionConsumerDefinition.QueueName}", output.ToString(), StringComparison.Ordinal);

            // Consumed again (and, still malformed, faulted again: a new fault, after the replay).
            await UntilAsync(async () => await CountAsync(virtualHost, errorQueue) == 1, "the replayed message faulted again");
            await using var errors = await BusProbe.OpenAsync(node.Port, errorQueue, virtualHost);
            var (envelope, headers) = Assert.Single(await errors.DrainWithHeadersAsync());
            Assert.Equal("replayed", envelope.GetProperty("message").GetProperty("interactions")[0].GetProperty("id").GetString());
            var faultedAt = DateTimeOffset.Parse(Text(headers["MT-Fault-Timestamp"]), CultureInfo.InvariantCulture);
            Assert.True(faultedAt >= replayedAt.AddSeconds(-1), $"The message in the error queue faulted at {faultedAt:O}, before the replay at {replayedAt:O}.");
        }
        finally
        {
            await journey.StopAsync(CancellationToken.None);
            await journey.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Text(object? value) => value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : value?.ToString() ?? "";

    private async Task<uint> CountAsync(string virtualHost, string queue)
    {
        try
        {
            await using var probe = await BusProbe.OpenAsync(node.Port, queue, virtualHost);
            return await probe.CountAsync();
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // Not declared yet.
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Cancel);
        }

        Assert.Fail($"Waited 30 s for {what}.");
    }
}
