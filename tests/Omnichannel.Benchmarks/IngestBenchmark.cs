using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Testing;
using RabbitMQ.Client;

namespace Omnichannel.Benchmarks;

/// <summary>
/// HTTP ingestion against the bare MassTransit publish rate, on one private RabbitMQ node, in one run:
/// rounds alternate between the two so that the machine's noise hits both alike; medians are reported.
/// Both paths publish to the same durable queue, 32 at a time, each publish awaiting its confirmation.
/// The host runs as it does in production: its own process (the release build of services/Host, with
/// its own runtime settings), ingestion role, on RabbitMQ; this process is the HTTP clients and the bare
/// publisher.
/// </summary>
public static class IngestBenchmark
{
    private const int Rounds = 5;
    private const string ApiKey = "bench-key";

    public static async Task RunAsync(TextWriter output, int perRound, int clients)
    {
        await using var node = new RabbitMqNode();
        await node.InitializeAsync();
        if (node.Unavailable is not null)
        {
            throw new InvalidOperationException(node.Unavailable);
        }

        var configuration = new Dictionary<string, string?>
        {
            ["Roles"] = "ingestion",
            ["Bus:Transport"] = "RabbitMq",
            ["RabbitMq:Port"] = node.Port.ToString(CultureInfo.InvariantCulture),
            ["Ingestion:ApiKeys:0:Key"] = ApiKey,
            ["Ingestion:ApiKeys:0:Source"] = "bench",
            ["Ingestion:ApiKeys:0:Channels:0"] = "phone",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var sink = await Sink.CreateAsync(node.Port);
        await using var bare = BareBus(configuration);
        var bus = bare.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        using var host = await HostProcess.StartAsync(configuration);
        var address = host.Address;
        output.WriteLine($"host process {host.ProcessId} at {address}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(address),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);

        // Warm both paths (JIT, connections, channels) before measuring.
        await PublishBareAsync(bus, Bodies("warm-bare", 3_000).Interactions, clients);
        await PostAllAsync(http, Bodies("warm-http", 3_000).Json, clients);

        var bareRates = new List<double>();
        var httpRates = new List<double>();
        var latencies = new List<double>();
        var wrkRuns = new List<(double Accepted, double P50, double P99)>();
        for (var round = 0; round < Rounds; round++)
        {
            await sink.PurgeAsync();
            var (interactions, _) = Bodies($"bare-{round}", perRound);
            var clock = Stopwatch.StartNew();
            await PublishBareAsync(bus, interactions, clients);
            bareRates.Add(perRound / clock.Elapsed.TotalSeconds);

            await sink.PurgeAsync();
            var (_, json) = Bodies($"http-{round}", perRound);
            clock.Restart();
            var (accepted, roundLatencies) = await PostAllAsync(http, json, clients);
            httpRates.Add(accepted / clock.Elapsed.TotalSeconds);
            latencies.AddRange(roundLatencies);
            var line = $"round {round + 1}: bare publish {bareRates[^1]:N0}/s, HTTP ingest (.NET client) {httpRates[^1]:N0} accepted/s ({accepted:N0} of {perRound:N0})";
            if (Wrk.Available)
            {
                await sink.PurgeAsync();
                wrkRuns.Add(await Wrk.RunAsync(address, ApiKey, $"wrk-{round}", clients, TimeSpan.FromSeconds(5)));
                line += $", HTTP ingest (wrk) {wrkRuns[^1].Accepted:N0} accepted/s";
            }

            output.WriteLine(line);
        }

        var bareMedian = Median(bareRates);
        var httpMedian = Median(httpRates);
        latencies.Sort();
        output.WriteLine($"{perRound:N0} interactions per round, {clients} concurrent clients, {Rounds} rounds, medians:");
        output.WriteLine($"  bare MassTransit publish (confirmed):      {bareMedian:N0} msg/s");
        output.WriteLine($"  HTTP ingest, .NET HttpClient in this process: {httpMedian:N0} accepted/s, ratio {httpMedian / bareMedian:F2}, latency p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms");
        if (wrkRuns.Count > 0)
        {
            var wrkMedian = Median(wrkRuns.Select(r => r.Accepted).ToList());
            output.WriteLine($"  HTTP ingest, wrk (5 s per round):         {wrkMedian:N0} accepted/s, ratio {wrkMedian / bareMedian:F2}, latency p50 {Median(wrkRuns.Select(r => r.P50).ToList()):F1} ms, p99 {Median(wrkRuns.Select(r => r.P99).ToList()):F1} ms");
        }

        await bus.StopAsync();
    }

    private static ServiceProvider BareBus(Dictionary<string, string?> configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOmnichannelBus(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        return services.BuildServiceProvider();
    }

    private static async Task PublishBareAsync(IBus bus, IReadOnlyList<Interaction> interactions, int clients)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < interactions.Count)
            {
                await bus.Publish(new InteractionsRecorded { Interactions = [interactions[i]] });
            }
        }));
    }

    private static async Task<(int Accepted, List<double> LatenciesMs)> PostAllAsync(HttpClient http, IReadOnlyList<string> bodies, int clients)
    {
        var next = -1;
        var accepted = 0;
        var latencies = new List<double>[clients];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            latencies[worker] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(bodies[i], Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/v1/interactions", content);
                latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        }));
        return (accepted, latencies.SelectMany(l => l).ToList());
    }

    /// <summary>Phone contacts as the CTI would post them: the same interactions as objects and as JSON bodies.</summary>
    private static (List<Interaction> Interactions, List<string> Json) Bodies(string prefix, int count)
    {
        var interactions = new List<Interaction>(count);
        var json = new List<string>(count);
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
        for (var i = 0; i < count; i++)
        {
            var phone = $"+336{i % 100_000_000:D8}";
            var taxId = (1_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
            interactions.Add(new Interaction
            {
                Id = $"{prefix}-{i}",
                Source = "bench",
                Channel = Channel.Phone,
                Type = InteractionType.Contact,
                OccurredAt = at.AddSeconds(i),
                Identifiers = [new Identifier { Type = IdentifierType.Phone, Value = phone }, new Identifier { Type = IdentifierType.TaxId, Value = taxId }],
                Subject = new Subject { Motive = "income-tax.correction" },
                Outcome = Outcome.Resolved,
                Service = "SIP Paris 15",
            });
            json.Add($$"""{"id":"{{prefix}}-{{i}}","channel":"phone","type":"contact","occurredAt":"{{at.AddSeconds(i):yyyy-MM-ddTHH:mm:sszzz}}","identifiers":[{"type":"phone","value":"{{phone}}"},{"type":"taxId","value":"{{taxId}}"}],"subject":{"motive":"income-tax.correction"},"outcome":"resolved","service":"SIP Paris 15"}""");
        }

        return (interactions, json);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double Percentile(List<double> sorted, double rank) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(rank * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>A durable queue bound to the interactions' exchange, so that both paths are routed and stored alike.</summary>
    private sealed class Sink : IAsyncDisposable
    {
        private const string Queue = "bench-sink";
        private readonly IConnection _connection;
        private readonly IChannel _channel;

        private Sink(IConnection connection, IChannel channel)
        {
            _connection = connection;
            _channel = channel;
        }

        public static async Task<Sink> CreateAsync(int port)
        {
            var connection = await new ConnectionFactory { HostName = "127.0.0.1", Port = port }.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeclareAsync("Omnichannel.Contracts:InteractionsRecorded", ExchangeType.Fanout, durable: true);
            await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(Queue, "Omnichannel.Contracts:InteractionsRecorded", string.Empty);
            return new Sink(connection, channel);
        }

        public Task PurgeAsync() => _channel.QueuePurgeAsync(Queue);

        public async ValueTask DisposeAsync()
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
