using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Host;
using Omnichannel.Hosting.Delivery;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Journey.Stitching;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// The embedded default's message log: what it accepted is on disk and delivered again after a restart; a
/// message that is itself wrong is kept as faulted (the embedded error queue), and <c>replay-errors</c> moves
/// it back to be delivered again.
/// </summary>
public sealed class MessageLogTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appended_messages_are_there_after_a_reopen_in_order_until_completed()
    {
        var folder = Directory.CreateTempSubdirectory("omnichannel-log-").FullName;
        var options = Options.Create(new MessageLogOptions { SqlitePath = Path.Combine(folder, "messages.db") });
        var destination = MessageLog.PublishDestination(typeof(InteractionsRecorded));
        try
        {
            var messages = Enumerable.Range(0, 3).Select(i => new Outgoing<InteractionsRecorded>(new InteractionsRecorded { Interactions = [Interaction($"log-{i}")] }, NewId.NextGuid())).ToList();
            await using (var log = new MessageLog(options, NullLogger<MessageLog>.Instance))
            {
                await log.InitializeAsync(Cancel);
                await log.PublishAsync(null!, messages, Cancel);
                Assert.Equal(3, log.BacklogMessages);
            }

            await using (var reopened = new MessageLog(options, NullLogger<MessageLog>.Instance))
            {
                await reopened.InitializeAsync(Cancel);
                Assert.Equal(3, reopened.BacklogMessages);
                var pending = await reopened.ReadPendingAsync(destination, 0, 10, Cancel);
                Assert.Equal(messages.Select(m => m.MessageId), pending.Select(p => p.MessageId));
                Assert.Equal(["log-0", "log-1", "log-2"], pending.Select(p => ((InteractionsRecorded)System.Text.Json.JsonSerializer.Deserialize(p.Body.Span, p.Type, MessageLog.Json)!).Interactions[0].Id));
                reopened.Complete(pending[0].Seq, pending[0].Bytes);
                reopened.Fault(pending[1].Seq, pending[1].Bytes, "journey-stitch-interactions", "wrong");
            }

            await using (var again = new MessageLog(options, NullLogger<MessageLog>.Instance))
            {
                await again.InitializeAsync(Cancel);
                Assert.Equal(1, again.BacklogMessages);
                Assert.Equal(["log-2"], (await again.ReadPendingAsync(destination, 0, 10, Cancel)).Select(p => ((InteractionsRecorded)System.Text.Json.JsonSerializer.Deserialize(p.Body.Span, p.Type, MessageLog.Json)!).Interactions[0].Id));
                Assert.Equal([("journey-stitch-interactions", 1L, "wrong")], await MessageLog.FaultedAsync(options.Value.SqlitePath, Cancel));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_malformed_message_is_kept_as_faulted_the_rest_goes_on_and_replay_errors_delivers_it_again()
    {
        await using var host = new EmbeddedHost();
        await host.InitializeAsync();
        var path = host.App.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.SqlitePath;
        var publisher = host.App.Services.GetRequiredService<IDurablePublisher>();
        var bus = host.App.Services.GetRequiredService<IBus>();
        var poison = Interaction("poison") with { Identifiers = [] };
        await publisher.PublishAsync(bus, [new Outgoing<InteractionsRecorded>(new InteractionsRecorded { Interactions = [Interaction("fine"), poison] }, NewId.NextGuid())], Cancel);

        var (queue, count, reason) = await EventuallyFaultedAsync(path, before: 0);
        Assert.Equal((StitchInteractionConsumerDefinition.QueueName, 1L), (queue, count));
        Assert.Contains("has no identifier", reason, StringComparison.Ordinal);
        using (var ready = await host.Http.GetAsync("/health/ready", Cancel))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        }

        var seq = await FaultedSeqAsync(path);
        var output = new StringWriter();
        Assert.Equal(0, await ReplayErrorsCommand.RunAsync(["replay-errors", $"{StitchInteractionConsumerDefinition.QueueName}_error", "--MessageLog:SqlitePath", path], output, Cancel));
        Assert.Contains("1 faulted message(s)", output.ToString(), StringComparison.Ordinal);
        // The running host delivers it again (still malformed: it faults again, under a new place in the log).
        await EventuallyFaultedAsync(path, before: seq);
        Assert.Equal(1, await CountAsync(path, "SELECT count(*) FROM messages"));
    }

    private static async Task<(string Queue, long Count, string Reason)> EventuallyFaultedAsync(string path, long before)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var faulted = await MessageLog.FaultedAsync(path, Cancel);
            if (faulted.Count > 0 && await FaultedSeqAsync(path) > before && await CountAsync(path, "SELECT count(*) FROM messages WHERE faulted_in IS NULL") == 0)
            {
                return faulted[0];
            }

            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException("Nothing faulted in the log after 15 s.");
    }

    private static Task<long> FaultedSeqAsync(string path) => CountAsync(path, "SELECT coalesce(max(seq), 0) FROM messages WHERE faulted_in IS NOT NULL");

    private static Task<long> CountAsync(string path, string sql) => EmbeddedProcess.CountAsync(path, sql);

    private static Interaction Interaction(string id) => new()
    {
        Id = id,
        Source = "backoffice",
        Channel = Channel.Phone,
        Type = InteractionType.Contact,
        OccurredAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)),
        Identifiers = [new Identifier { Type = IdentifierType.Phone, Value = "+33612345678" }],
        Subject = new Subject { Motive = "pas.rate" },
    };
}
