using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Two journey service instances on one queue of a real RabbitMQ node, fed a shuffled stream with
/// duplicates and late links, one of them restarting mid-stream, must store exactly what one engine
/// decides alone, and publish reclassifications that add up to it; a poison message goes to the error
/// queue and the rest goes on.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class JourneyReplicasTests(BrokerNode node)
{
    private const int People = 2_000;
    private const int Interactions = 20_000;
    private const string ReclassifiedExchange = "Omnichannel.Contracts:ContactsReclassifiedBatch";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_one_restarting_store_exactly_what_one_engine_decides_and_a_poison_message_goes_to_the_error_queue()
    {
        var (virtualHost, folder, database) = await PrepareAsync("replicas");
        var stream = SyntheticStream.Generate(People, Interactions, seed: 7);
        var random = new Random(7);
        var posted = stream.Concat(stream.Where(_ => random.NextDouble() < 0.05)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(posted));
        var poison = stream[0] with { Id = "poison", Identifiers = [] };
        posted.Insert(posted.Count / 2, poison);

        var journey = new Dictionary<string, string?> { ["Journey:SqlitePath"] = database };
        // What the replicas warn about (hand-overs, stops cut short), told if the stream is not all stored.
        using var logs = new LogCapture();
        await using var probe = await BusProbe.CreateAsync(node.Port, exchange: ReclassifiedExchange, virtualHost: virtualHost);
        var replicas = new List<WebApplication>
        {
            await RoleHost.StartAsync(node, virtualHost, "journey", journey, logs),
            await RoleHost.StartAsync(node, virtualHost, "journey", journey, logs),
        };
        var publisher = await StartPublisherAsync(virtualHost, "replicas");
        try
        {
            var bus = publisher.Services.GetRequiredService<IBus>();
            // Messages of 1 to 20 interactions, as the ingestion's group commit makes them.
            foreach (var chunk in Groups(posted, random).Chunk(50))
            {
                await Task.WhenAll(chunk.Select(g => bus.Publish(new InteractionsRecorded { Interactions = g }, c => c.MessageId = MessageIds.For(g.Select(i => i.Key)), Cancel)));
            }

            // A replica restarts mid-stream: what it held unacknowledged is delivered again.
            while (await CountAsync(database, "SELECT count(*) FROM interactions") < Interactions / 3)
            {
                await Task.Delay(50, Cancel);
            }

            var restartedAt = await CountAsync(database, "SELECT count(*) FROM interactions");
            var restarted = restartedAt < Interactions;
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await replicas[1].StopAsync(Cancel);
            await replicas[1].DisposeAsync();
            var stopped = $"the replica restarted at {restartedAt} stored took {stopping.Elapsed.TotalSeconds:F1} s to stop";
            replicas[1] = await RoleHost.StartAsync(node, virtualHost, "journey", journey, logs);
            Assert.True(restarted, "The stream was all stored before a replica could restart in the middle of it.");

            await WaitUntilProcessedAsync(database, virtualHost, () => $"{stopped}; warnings:\n{string.Join('\n', logs.Lines)}");
            var errors = await ErrorsAsync(virtualHost);
            var (_, headers) = Assert.Single(errors);
            Assert.Contains("has no identifier", HeaderText(headers, "MT-Fault-Message"), StringComparison.Ordinal);

            var expected = new JourneyEngine();
            foreach (var interaction in stream)
            {
                expected.Apply(interaction);
            }

            await AssertStoredAsync(database, expected, stream);
            AssertReclassificationsAddUp(await probe.DrainAsync(), expected);
        }
        finally
        {
            await StopAsync(replicas.Append(publisher), folder);
        }
    }

    /// <summary>
    /// A replica asked to stop while its store keeps it from finishing (here another writer holds the file's write
    /// lock, as a long checkpoint or a full disk would) must give back what it held before its host gives up on the
    /// stop: past the host's shutdown time the services are disposed under consumers still running, which then
    /// fault into the error queue or hold their messages unacknowledged for as long as the process lives.
    /// </summary>
    [Fact]
    public async Task A_replica_whose_stop_outlasts_its_shutdown_time_gives_back_what_it_held_and_faults_nothing()
    {
        var (virtualHost, folder, database) = await PrepareAsync("stopping");
        var stream = SyntheticStream.Generate(200, 2_000, seed: 11);
        var journey = new Dictionary<string, string?> { ["Journey:SqlitePath"] = database, ["shutdownTimeoutSeconds"] = "6" };
        using var logs = new LogCapture();
        // In place of the metrics role's queue, which takes what the journey announces.
        await using var metrics = await BusProbe.CreateAsync(node.Port, exchange: ReclassifiedExchange, virtualHost: virtualHost);
        var replica = await RoleHost.StartAsync(node, virtualHost, "journey", journey, logs);
        var publisher = await StartPublisherAsync(virtualHost, "stopping");
        var locked = new SqliteConnection($"Data Source={database};Pooling=False");
        try
        {
            // A first message stored, then another writer takes the file's write lock: the replica's group commits wait it out, messages in hand.
            var bus = publisher.Services.GetRequiredService<IBus>();
            var first = stream[..10];
            await bus.Publish(new InteractionsRecorded { Interactions = first }, c => c.MessageId = MessageIds.For(first.Select(i => i.Key)), Cancel);
            while (await CountAsync(database, "SELECT count(*) FROM interactions") < first.Count)
            {
                await Task.Delay(100, Cancel);
            }

            await locked.OpenAsync(Cancel);
            await using (var begin = locked.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(Cancel);
            }

            await Task.WhenAll(stream[first.Count..].Chunk(10).Select(g => bus.Publish(new InteractionsRecorded { Interactions = g }, c => c.MessageId = MessageIds.For(g.Select(i => i.Key)), Cancel)));
            while ((await MessagesAsync(virtualHost, StitchInteractionsConsumerDefinition.QueueName)).Unacknowledged == 0)
            {
                await Task.Delay(100, Cancel);
            }

            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await replica.StopAsync(Cancel);
            // Once the stop returned, nothing is held by the stopped replica any more: all back in the queue.
            var held = (await MessagesAsync(virtualHost, StitchInteractionsConsumerDefinition.QueueName)).Unacknowledged;
            Assert.True(held == 0, $"{held} messages still held {stopping.Elapsed.TotalSeconds:F1} s after the stop began; the replica said:\n{string.Join('\n', logs.Lines)}");

            await locked.DisposeAsync();
            await replica.DisposeAsync();
            replica = await RoleHost.StartAsync(node, virtualHost, "journey", journey, logs);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await CountAsync(database, "SELECT count(*) FROM interactions") < stream.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, Cancel);
            }

            Assert.Equal(stream.Count, await CountAsync(database, "SELECT count(*) FROM interactions"));
            Assert.DoesNotContain(logs.Lines, line => line.Contains("ObjectDisposedException", StringComparison.Ordinal) || line.Contains("R-FAULT", StringComparison.Ordinal));
            foreach (var queue in new[] { StitchInteractionsConsumerDefinition.QueueName, StitchInteractionConsumerDefinition.QueueName })
            {
                Assert.Equal((0, 0), await MessagesAsync(virtualHost, queue + "_error"));
            }
        }
        finally
        {
            await locked.DisposeAsync();
            await StopAsync([replica, publisher], folder);
        }
    }

    /// <summary>
    /// A journey role started before the metrics role ever was: what it announces has no queue to take it yet, and
    /// RabbitMQ would confirm, then drop, each reclassification. It waits instead, the messages in hand (none to the
    /// error queues, none handed over), its readiness saying why; once the metrics queue exists, every message is
    /// stitched and its reclassifications arrive.
    /// </summary>
    [Fact]
    public async Task A_journey_whose_announcements_no_queue_takes_yet_waits_with_its_messages_in_hand()
    {
        var (virtualHost, folder, database) = await PrepareAsync("no-metrics");
        var stream = SyntheticStream.Generate(50, 300, seed: 5);
        using var logs = new LogCapture();
        var replica = await RoleHost.StartAsync(node, virtualHost, "journey", new Dictionary<string, string?> { ["Journey:SqlitePath"] = database }, logs);
        var publisher = await StartPublisherAsync(virtualHost, "no-metrics");
        static bool Waiting(string line) => line.Contains("waiting, the message stays in hand", StringComparison.Ordinal) && line.Contains("MessageReturnedException", StringComparison.Ordinal);
        try
        {
            var bus = publisher.Services.GetRequiredService<IBus>();
            await Task.WhenAll(stream.Chunk(10).Select(g => bus.Publish(new InteractionsRecorded { Interactions = g }, c => c.MessageId = MessageIds.For(g.Select(i => i.Key)), Cancel)));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!logs.Lines.Any(Waiting) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Cancel);
            }

            Assert.True(logs.Lines.Any(Waiting), string.Join('\n', logs.Lines));
            using (var http = new HttpClient { BaseAddress = RoleHost.AddressOf(replica) })
            {
                using var readiness = await http.GetAsync("/health/ready", Cancel);
                Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
            }

            var (waiting, held) = await MessagesAsync(virtualHost, StitchInteractionsConsumerDefinition.QueueName);
            Assert.True(waiting + held > 0, "Every message was taken off the queue although none could be announced.");

            await using var metrics = await BusProbe.CreateAsync(node.Port, exchange: ReclassifiedExchange, virtualHost: virtualHost);
            deadline = DateTime.UtcNow.AddMinutes(1);
            while (await MessagesAsync(virtualHost, StitchInteractionsConsumerDefinition.QueueName) != (0, 0) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Cancel);
            }

            Assert.Equal((0, 0), await MessagesAsync(virtualHost, StitchInteractionsConsumerDefinition.QueueName));
            Assert.Equal(stream.Count, await CountAsync(database, "SELECT count(*) FROM interactions"));
            Assert.NotEmpty(await metrics.DrainAsync());
            Assert.DoesNotContain(logs.Lines, line => line.Contains("handed over", StringComparison.Ordinal));
            Assert.Equal((0, 0), await MessagesAsync(virtualHost, StitchInteractionConsumerDefinition.QueueName));
            foreach (var queue in new[] { StitchInteractionsConsumerDefinition.QueueName, StitchInteractionConsumerDefinition.QueueName })
            {
                Assert.Equal((0, 0), await MessagesAsync(virtualHost, queue + "_error"));
            }
        }
        finally
        {
            await StopAsync([replica, publisher], folder);
        }
    }

    /// <summary>A virtual host of the test's own, and a folder for the journey file its replicas share.</summary>
    private async Task<(string VirtualHost, string Folder, string Database)> PrepareAsync(string name)
    {
        node.SkipIfUnavailable();
        var virtualHost = await node.Node.AddVirtualHostAsync($"{name}-{Guid.NewGuid():N}");
        var folder = Directory.CreateTempSubdirectory($"omnichannel-{name}-").FullName;
        return (virtualHost, folder, Path.Combine(folder, "journeys.db"));
    }

    /// <summary>Stops the test's hosts, then removes the journey file they shared.</summary>
    private static async Task StopAsync(IEnumerable<WebApplication> apps, string folder)
    {
        foreach (var app in apps)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>An ingestion host whose bus the test publishes through, with a key of its own.</summary>
    private Task<WebApplication> StartPublisherAsync(string virtualHost, string source) =>
        RoleHost.StartAsync(node, virtualHost, "ingestion", new Dictionary<string, string?>
        {
            ["Ingestion:ApiKeys:0:Key"] = source + "-key",
            ["Ingestion:ApiKeys:0:Source"] = source,
            ["Ingestion:ApiKeys:0:Channels:0"] = "phone",
        });

    /// <summary>A queue's messages ready and delivered but not yet acknowledged, as the broker counts them (none for a queue that does not exist).</summary>
    private async Task<(int Ready, int Unacknowledged)> MessagesAsync(string virtualHost, string queue)
    {
        var row = (await node.Node.DescribeQueuesAsync(virtualHost)).Split('\n').Select(line => line.Split('\t')).FirstOrDefault(cells => cells.Length >= 3 && cells[0] == queue);
        return row is null ? (0, 0) : (int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task WaitUntilProcessedAsync(string database, string virtualHost, Func<string> context)
    {
        await using var queue = await BusProbe.OpenAsync(node.Port, StitchInteractionsConsumerDefinition.QueueName, virtualHost);
        await using var handedOver = await BusProbe.OpenAsync(node.Port, StitchInteractionConsumerDefinition.QueueName, virtualHost);
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            if (await CountAsync(database, "SELECT count(*) FROM interactions") >= Interactions && await queue.CountAsync() == 0 && await handedOver.CountAsync() == 0)
            {
                // The last duplicates may still be in hand: let them finish.
                await Task.Delay(2_000, Cancel);
                return;
            }

            await Task.Delay(250, Cancel);
        }

        Assert.Fail($"Not processed in time: {await CountAsync(database, "SELECT count(*) FROM interactions")} interactions stored; {context()}; queues:\n{await node.Node.DescribeQueuesAsync(virtualHost)}");
    }

    private async Task<List<(JsonElement Envelope, IDictionary<string, object?> Headers)>> ErrorsAsync(string virtualHost)
    {
        await using var errors = await BusProbe.OpenAsync(node.Port, StitchInteractionConsumerDefinition.QueueName + "_error", virtualHost);
        return await errors.DrainWithHeadersAsync();
    }

    private static string HeaderText(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) && value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : value?.ToString() ?? "";

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every person, identifier, journey entry, interaction and classification, compared with the engine's.</summary>
    private static async Task AssertStoredAsync(string database, JourneyEngine expected, List<Interaction> stream)
    {
        Assert.Equal(Interactions, await CountAsync(database, "SELECT count(*) FROM interactions"));
        Assert.Equal(expected.People.Count, await CountAsync(database, "SELECT count(*) FROM people WHERE merged_into IS NULL"));
        var store = new SqliteJourneyStore(database, new JourneyClassifier(ReiterationWindows.Standard));
        var bodies = stream.ToDictionary(i => i.Key, i => JsonSerializer.Serialize(i, Json));
        foreach (var person in expected.People)
        {
            // Person ids depend on which message created a person first: find the stored one by identifier.
            var owner = Assert.Single(await store.LoadOwnersAsync([person.Identifiers[0]], Cancel));
            var stored = (await store.LoadJourneyAsync(owner.Snapshot.Id, Cancel))!;
            Assert.Equal(person.Identifiers.Select(i => i.ToString()).Order(StringComparer.Ordinal), stored.Person.Snapshot.Identifiers.Select(i => i.ToString()).Order(StringComparer.Ordinal));
            Assert.Equal(person.Entries, stored.Person.Snapshot.Journey);
            Assert.Empty(stored.Person.Snapshot.Conflicts);
            Assert.Equal(expected.Classify(person).OfType<InteractionClassification>(), stored.Classifications);
            Assert.Equal(person.Entries.Select(e => bodies[e.Key]), stored.Interactions.Select(i => JsonSerializer.Serialize(i, Json)));
        }
    }

    private static IEnumerable<Interaction[]> Groups(List<Interaction> posted, Random random)
    {
        for (var start = 0; start < posted.Count;)
        {
            var size = Math.Min(random.Next(1, 21), posted.Count - start);
            yield return [.. posted.Skip(start).Take(size)];
            start += size;
        }
    }

    /// <summary>
    /// What Metrics will do: per interaction, add each new classification and subtract each old one, once
    /// per cause (a redelivered batch may be announced again in another grouping). What remains must be
    /// exactly the engine's classifications, once each.
    /// </summary>
    private static void AssertReclassificationsAddUp(List<JsonElement> envelopes, JourneyEngine expected)
    {
        var balance = new Dictionary<string, int>(StringComparer.Ordinal);
        var reclassifications = envelopes
            .SelectMany(e => e.GetProperty("message").Deserialize<ContactsReclassifiedBatch>(Json)!.Reclassifications)
            .DistinctBy(r => r.Cause);
        foreach (var message in reclassifications)
        {
            foreach (var change in message.Changes)
            {
                var added = JsonSerializer.Serialize(change.New, Json);
                balance[added] = balance.GetValueOrDefault(added) + 1;
                if (change.Old is not null)
                {
                    var removed = JsonSerializer.Serialize(change.Old, Json);
                    balance[removed] = balance.GetValueOrDefault(removed) - 1;
                }
            }
        }

        var remaining = balance.Where(b => b.Value != 0).ToList();
        Assert.All(remaining, b => Assert.Equal(1, b.Value));
        Assert.Equal(
            expected.CurrentClassifications().Values.Select(c => JsonSerializer.Serialize(c, Json)).Order(StringComparer.Ordinal),
            remaining.Select(b => b.Key).Order(StringComparer.Ordinal));
    }
}
