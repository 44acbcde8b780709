using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// The whole journey path, HTTP -> RabbitMQ -> Journey -> SQLite, against the bare MassTransit relay
/// (publish, then consume with a consumer that does nothing) on the same private node, in one run.
/// Ingestion and journey run as they do in production, each the release build of services/Host in a
/// process of its own; this process posts (32 clients), runs the bare relay, and listens to
/// ContactsReclassified to time each interaction from its post to its announcement after the store commit.
/// Rounds alternate between the two paths; medians are reported.
/// </summary>
public static class PipelineBenchmark
{
    private const int Rounds = 3;

    /// <summary>Untimed rounds of both paths first.</summary>
    private const int WarmUpRounds = 2;
    private const int Clients = 32;
    private const string ApiKey = "bench-key";
    /// <param name="output">Where the figures go.</param>
    /// <param name="perRound">Interactions per round.</param>
    /// <param name="embedded">
    /// The embedded default instead: one host process with every role, the in-memory bus and SQLite, against
    /// MassTransit's in-memory relay in this process. Its bus is inside the host, so latency is read from
    /// the store: the k-th interaction posted is taken as stored when the store holds k (first in, first out).
    /// </param>
    /// <param name="batch">Interactions per request: 1 posts each alone, more posts them to the batch endpoint.</param>
    /// <param name="mongo">
    /// The journey store on this MongoDB server instead of SQLite (RabbitMQ path only). On the team's
    /// emulator it proves the wiring only: its figures are not performance, and every line says so.
    /// </param>
    public static async Task RunAsync(TextWriter output, int perRound, bool embedded = false, int batch = 1, MongoServer? mongo = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (mongo is not null && embedded)
        {
            throw new ArgumentException("The MongoDB journey store is measured on the RabbitMQ path (pipeline), not on the embedded default.", nameof(mongo));
        }

        await using var node = embedded ? null : new RabbitMqNode();
        if (node is not null)
        {
            await node.InitializeAsync();
            if (node.Unavailable is not null)
            {
                throw new InvalidOperationException(node.Unavailable);
            }
        }

        var folder = Directory.CreateTempSubdirectory("omnichannel-pipeline-").FullName;
        var database = Path.Combine(folder, "journeys.db");
        var metrics = Path.Combine(folder, "metrics.db");
        var broker = embedded
            ? new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory", ["Logging:LogLevel:Default"] = "Warning" }
            : new Dictionary<string, string?>
            {
                ["Bus:Transport"] = "RabbitMq",
                ["RabbitMq:Port"] = node!.Port.ToString(CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
            };
        var listener = new Listener();
        await using var bare = BareBus(broker, listener);
        var bus = bare.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        var journeySettings = new Dictionary<string, string?>(broker) { ["Roles"] = "journey", ["Journey:SqlitePath"] = database };
        Func<Task<long>> storedCount = () => CountAsync(database);
        MongoClient? mongoClient = null;
        var mongoDatabase = $"omnichannel-bench-{Guid.NewGuid():N}";
        if (mongo is not null)
        {
            journeySettings["Journey:Store"] = "MongoDb";
            journeySettings["MongoDb:ConnectionString"] = mongo.ConnectionString;
            journeySettings["MongoDb:Database"] = mongoDatabase;
            // The compose file's batch size for replicas sharing a MongoDB store.
            journeySettings["Journey:BatchSize"] = "100";
            mongoClient = new MongoClient(mongo.ConnectionString);
            var interactions = mongoClient.GetDatabase(mongoDatabase).GetCollection<BsonDocument>("interactions");
            storedCount = () => interactions.EstimatedDocumentCountAsync();
        }

        using var journey = embedded ? null : await HostProcess.StartAsync(journeySettings);
        using var ingestion = await HostProcess.StartAsync(HostSettings(broker, folder, embedded ? "all" : "ingestion"));
        var path = embedded ? "HTTP -> in-memory bus -> Journey -> SQLite (one process)"
            : mongo is null ? "HTTP -> RabbitMQ -> Journey -> SQLite"
            : mongo.IsEmulator ? "HTTP -> RabbitMQ -> Journey -> MongoDB EMULATOR (wiring only, not a performance figure)" : "HTTP -> RabbitMQ -> Journey -> MongoDB";
        output.WriteLine(embedded ? $"host process {ingestion.ProcessId} (every role) at {ingestion.Address}" : $"journey process {journey!.ProcessId}, ingestion process {ingestion.ProcessId} at {ingestion.Address}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(ingestion.Address),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);

        // Warm both paths (JIT tiers, connections, the thread pool, the GC's heaps, the store) before measuring:
        // with one warm-up round the first timed round was still the slowest of the three on every path.
        var stored = 0L;
        for (var round = 0; round < WarmUpRounds; round++)
        {
            await RelayAsync(bus, listener, Stream($"warm-relay{round}", perRound));
            var warm = Stream($"warm{round}", perRound);
            stored += await PipelineAsync(http, listener, storedCount, warm, Requests(warm, batch), stored, [], storeClock: embedded, batch: batch);
        }

        var relayRates = new List<double>();
        var pipelineRates = new List<double>();
        var latencies = new List<double>();
        // CPU spent per interaction in each process of the path, measured over each round.
        var processes = new List<(string Name, Process Process)> { (embedded ? "host" : "ingestion", Process.GetProcessById(ingestion.ProcessId)) };
        if (journey is not null)
        {
            processes.Add(("journey", Process.GetProcessById(journey.ProcessId)));
        }

        if (node?.ProcessId is { } brokerProcess)
        {
            processes.Add(("broker", Process.GetProcessById(brokerProcess)));
        }

        processes.Add(("load generator (this process)", Process.GetCurrentProcess()));
        var cpu = processes.ToDictionary(p => p.Name, _ => new List<double>());
        var trailing = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var relay = await RelayAsync(bus, listener, Stream($"relay{round}", perRound));
            relayRates.Add(relay);
            var stream = Stream($"r{round}", perRound);
            var bodies = Requests(stream, batch);
            var spent = processes.Select(p => CpuTime(p.Process)).ToList();
            var clock = Stopwatch.StartNew();
            stored += await PipelineAsync(http, listener, storedCount, stream, bodies, stored, latencies, storeClock: embedded, batch: batch);
            pipelineRates.Add(stream.Count / clock.Elapsed.TotalSeconds);
            if (embedded)
            {
                // The roll-ups trail the journey by a batch: the CPU they spend on this round counts too.
                var journeyDone = clock.Elapsed;
                if (File.Exists(metrics))
                {
                    await MetricsCaughtUpAsync(database, metrics);
                }
                trailing.Add((clock.Elapsed - journeyDone).TotalMilliseconds);
            }
            for (var p = 0; p < processes.Count; p++)
            {
                cpu[processes[p].Name].Add((CpuTime(processes[p].Process) - spent[p]).TotalMicroseconds / stream.Count);
            }

            output.WriteLine($"round {round + 1}: bare relay {relay:N0} msg/s, {path} {pipelineRates[^1]:N0} interactions/s stored, ratio {pipelineRates[^1] / relay:F2}");
        }

        latencies.Sort();
        var relayMedian = Median(relayRates);
        var pipelineMedian = Median(pipelineRates);

        // Latency where it means something: below saturation, at half the peak rate.
        var paced = new List<double>();
        var pacedStream = Stream("paced", perRound / 2);
        stored += await PipelineAsync(http, listener, storedCount, pacedStream, Requests(pacedStream, batch), stored, paced, pace: pipelineMedian / 2, storeClock: embedded, batch: batch);
        paced.Sort();
        var requests = batch == 1 ? "each in its own POST /api/v1/interactions" : $"in batches of {batch} (POST /api/v1/interactions/batch)";
        output.WriteLine($"{perRound:N0} interactions per round ({perRound / 10:N0} citizens, SyntheticStream), posted {requests} by {Clients} HTTP clients, {Rounds} rounds, medians:");
        output.WriteLine($"  bare MassTransit relay ({(embedded ? "in-memory" : "RabbitMQ")}, publish -> consumed): {relayMedian:N0} msg/s");
        output.WriteLine($"  {path}: {pipelineMedian:N0} interactions/s, ratio {pipelineMedian / relayMedian:F2}");
        output.WriteLine($"  posted -> stored{(embedded ? "" : " and announced (ContactsReclassified)")}, {latencies.Count:N0} timed: p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms (at full load)");
        output.WriteLine($"  the same at half the peak rate ({pipelineMedian / 2:N0}/s), {paced.Count:N0} timed: p50 {Percentile(paced, 0.50):F0} ms, p99 {Percentile(paced, 0.99):F0} ms");
        var perInteraction = cpu.ToDictionary(c => c.Key, c => Median(c.Value));
        output.WriteLine($"  CPU per interaction: {string.Join(", ", perInteraction.Select(c => $"{c.Key} {c.Value:N0} µs"))}; all {perInteraction.Values.Sum():N0} µs ({Environment.ProcessorCount} cores: at most {Environment.ProcessorCount * 1e6 / perInteraction.Values.Sum():N0}/s)");
        if (trailing.Count > 0)
        {
            output.WriteLine($"  metrics roll-ups caught up {Median(trailing):N0} ms after the journey (median; counted in the CPU above)");
        }

        output.WriteLine($"  journeys stored: {stored:N0} interactions");
        output.WriteLine($"  peak memory (VmHWM): {string.Join(", ", new[] { ("host", (HostProcess?)ingestion), ("journey", journey) }.Where(h => h.Item2 is not null).Select(h => $"{h.Item1} {h.Item2!.PeakMemoryMegabytes():N0} MB"))}");
        await bus.StopAsync();
        if (mongoClient is not null)
        {
            await mongoClient.DropDatabaseAsync(mongoDatabase);
            mongoClient.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Publishes every interaction as a <see cref="RelayPing"/> and returns the rate at which the consumer got them all.</summary>
    internal static async Task<double> RelayAsync(IBus bus, Listener listener, List<Interaction> stream)
    {
        listener.ExpectPings(stream.Count);
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < stream.Count)
            {
                await bus.Publish(new RelayPing { Interaction = stream[i] });
            }
        }));
        await listener.AllPingsAsync();
        return stream.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>One request body per chunk of the stream, in UTF-8: an interaction alone, or a JSON array for the batch endpoint; made before the clock starts.</summary>
    /// <summary>The host's settings for a run in <paramref name="folder"/>: its files there, and a key of every channel for the load generator.</summary>
    internal static Dictionary<string, string?> HostSettings(Dictionary<string, string?> transport, string folder, string roles)
    {
        var settings = new Dictionary<string, string?>(transport)
        {
            ["Roles"] = roles,
            ["Journey:SqlitePath"] = Path.Combine(folder, "journeys.db"),
            ["Metrics:SqlitePath"] = Path.Combine(folder, "metrics.db"),
            ["Portal:AuditSqlitePath"] = Path.Combine(folder, "audit.db"),
            ["MessageLog:SqlitePath"] = Path.Combine(folder, "messages.db"),
            ["Ingestion:ApiKeys:0:Key"] = ApiKey,
            ["Ingestion:ApiKeys:0:Source"] = "bench",
        };
        foreach (var (channel, i) in new[] { "web", "phone", "email", "sms", "chat", "counter", "mail" }.Select((c, i) => (c, i)))
        {
            settings[$"Ingestion:ApiKeys:0:Channels:{i}"] = channel;
        }

        return settings;
    }

    internal const string Key = ApiKey;

    /// <summary>A batch's body, as the batch endpoint takes it (one interaction alone as the single endpoint takes it).</summary>
    internal static byte[] Request(IReadOnlyList<Interaction> chunk) =>
        Encoding.UTF8.GetBytes(chunk.Count == 1 ? Body(chunk[0]) : $"[{string.Join(",", chunk.Select(Body))}]");

    /// <summary>How many interactions the journey file holds (its rowids only grow).</summary>
    internal static Task<long> StoredAsync(string database) => CountAsync(database);

    private static List<byte[]> Requests(List<Interaction> stream, int batch) =>
        [.. stream.Chunk(batch).Select(c => Request(c))];

    private static TimeSpan CpuTime(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>Posts the stream (as fast as it can, or at <paramref name="pace"/> per second) and waits until the journey store holds it all; returns how many it stored.</summary>
    private static async Task<long> PipelineAsync(HttpClient http, Listener listener, Func<Task<long>> storedCount, List<Interaction> stream, List<byte[]> bodies, long before, List<double> latencies, double pace = 0, bool storeClock = false, int batch = 1)
    {
        var chunks = stream.Chunk(batch).ToList();
        var uri = batch == 1 ? "/api/v1/interactions" : "/api/v1/interactions/batch";
        var clock = Stopwatch.StartNew();
        var posted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        listener.Reset();
        var countWatch = storeClock ? CountWatch.Start(storedCount) : null;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                if (pace > 0 && TimeSpan.FromSeconds(i * batch / pace) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                var at = Stopwatch.GetTimestamp();
                foreach (var interaction in chunks[i])
                {
                    posted[interaction.Id] = at;
                }

                using var content = new ByteArrayContent(bodies[i]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } };
                using var response = await http.PostAsync(uri, content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"POST {chunks[i][0].Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));

        var postedIn = clock.Elapsed.TotalSeconds;
        long count;
        while ((count = await storedCount()) < before + stream.Count)
        {
            await Task.Delay(20);
        }

        if (countWatch is not null)
        {
            await countWatch.StopAsync();
            var order = posted.OrderBy(p => p.Value).Select(p => p.Value).ToList();
            latencies.AddRange(countWatch.Latencies(order, before));
        }

        Console.WriteLine($"  posted {stream.Count:N0} in {postedIn:F1} s ({stream.Count / postedIn:N0}/s), all stored after {clock.Elapsed.TotalSeconds:F1} s");

        // The announcement follows the commit by a publish: give the last ones a moment.
        await Task.Delay(storeClock ? 0 : 500);
        foreach (var (id, at) in listener.Announced)
        {
            if (posted.TryGetValue(id, out var sent))
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
            }
        }

        return count - before;
    }

    /// <summary>Waits until the metrics store applied every reclassification the journey store recorded.</summary>
    private static async Task MetricsCaughtUpAsync(string journeys, string metrics)
    {
        long expected;
        await using (var connection = new SqliteConnection($"Data Source={journeys};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // The reclassifications are compressed JSON (CompressedJson): counted here rather than by json_array_length.
            command.CommandText = "SELECT reclassified FROM interactions WHERE reclassified IS NOT NULL";
            expected = 0;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (Journey.Store.CompressedJson.Read(reader.GetValue(0), Journey.Store.StoredJson.Default.ContactsReclassified).Changes.Count > 0)
                {
                    expected++;
                }
            }
        }

        while (true)
        {
            await using var connection = new SqliteConnection($"Data Source={metrics};Mode=ReadOnly");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM applied";
            if ((long)(await command.ExecuteScalarAsync())! >= expected)
            {
                return;
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Samples the store's count every few milliseconds, to time the k-th post by when the store holds k.</summary>
    private sealed class CountWatch
    {
        private readonly List<(long At, long Count)> _samples = [];
        private readonly CancellationTokenSource _stop = new();
        private Task? _loop;

        public static CountWatch Start(Func<Task<long>> storedCount)
        {
            var watch = new CountWatch();
            watch._loop = Task.Run(async () =>
            {
                while (!watch._stop.IsCancellationRequested)
                {
                    var count = await storedCount();
                    lock (watch._samples)
                    {
                        watch._samples.Add((Stopwatch.GetTimestamp(), count));
                    }

                    await Task.Delay(5);
                }
            });
            return watch;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop!;
        }

        public IEnumerable<double> Latencies(List<long> postedInOrder, long before)
        {
            var s = 0;
            for (var k = 0; k < postedInOrder.Count; k++)
            {
                while (s < _samples.Count && _samples[s].Count < before + k + 1)
                {
                    s++;
                }

                if (s < _samples.Count)
                {
                    yield return Math.Max(0, Stopwatch.GetElapsedTime(postedInOrder[k], _samples[s].At).TotalMilliseconds);
                }
            }
        }
    }

    /// <summary>
    /// How many interactions the journey store holds. The store never deletes an interaction row, so the
    /// largest rowid is the count, read from the end of the table's b-tree; <c>count(*)</c> would scan an
    /// index of every row, every 5 ms, on the cores the host is measured on.
    /// </summary>
    private static async Task<long> CountAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(rowid), 0) FROM interactions";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The interactions of a realistic stream, with ids of their own per round.</summary>
    private static List<Interaction> Stream(string prefix, int count) =>
        [.. SyntheticStream.Generate(count / 10, count, seed: prefix.GetHashCode(StringComparison.Ordinal)).Select(i => i with { Id = $"{prefix}-{i.Id}" })];

    /// <summary>The interaction as a channel system posts it (its source comes from the API key).</summary>
    private static string Body(Interaction interaction) => CanonicalJson.Text(interaction);

    /// <summary>A bus of the load generator's own: the relay's consumer and, unless told otherwise, one that notes each announcement.</summary>
    internal static ServiceProvider BareBus(Dictionary<string, string?> configuration, Listener listener, bool announcements = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(listener);
        services.AddOmnichannelBus(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(), bus =>
        {
            bus.AddConsumer<RelayConsumer>().Endpoint(e => e.Name = "bench-relay");
            if (announcements)
            {
                bus.AddConsumer<AnnouncementConsumer>().Endpoint(e => e.Name = "bench-announcements");
            }
        });
        return services.BuildServiceProvider();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double Percentile(List<double> sorted, double rank) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(rank * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>What the bare relay carries: one interaction per message, to a consumer that does nothing.</summary>
    public sealed record RelayPing
    {
        public required Interaction Interaction { get; init; }
    }

    /// <summary>Counts the relay's messages and the journey's announcements.</summary>
    public sealed class Listener
    {
        private int _pings;
        private int _expected;
        private TaskCompletionSource _allPings = new();

        public ConcurrentDictionary<string, long> Announced { get; private set; } = new(StringComparer.Ordinal);

        public void ExpectPings(int count)
        {
            _pings = 0;
            _expected = count;
            _allPings = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public Task AllPingsAsync() => _allPings.Task;

        public void Ping()
        {
            if (Interlocked.Increment(ref _pings) == _expected)
            {
                _allPings.TrySetResult();
            }
        }

        public void Reset() => Announced = new(StringComparer.Ordinal);

        public void Announce(string id) => Announced.TryAdd(id, Stopwatch.GetTimestamp());
    }

    public sealed class RelayConsumer(Listener listener) : IConsumer<RelayPing>
    {
        public Task Consume(ConsumeContext<RelayPing> context)
        {
            listener.Ping();
            return Task.CompletedTask;
        }
    }

    public sealed class AnnouncementConsumer(Listener listener) : IConsumer<ContactsReclassifiedBatch>
    {
        public Task Consume(ConsumeContext<ContactsReclassifiedBatch> context)
        {
            foreach (var reclassified in context.Message.Reclassifications)
            {
                listener.Announce(reclassified.Cause.Id);
            }

            return Task.CompletedTask;
        }
    }
}
