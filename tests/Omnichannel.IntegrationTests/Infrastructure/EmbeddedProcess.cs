using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;
using Omnichannel.Journey.Store;
using Omnichannel.Metrics.Store;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>
/// The embedded default as its users run it: the host's build in a process of its own (every role, in-memory
/// bus, its SQLite files in one folder), one API key per channel whose source is the channel's name (as the
/// synthetic stream's sources are). It can be killed (SIGKILL) and started again on the same files.
/// </summary>
public sealed class EmbeddedProcess : IDisposable
{
    private readonly Dictionary<string, string?> _configuration;
    private HostProcess? _host;

    public EmbeddedProcess(string folder, IReadOnlyDictionary<string, string?>? settings = null, string? journeyFolder = null)
    {
        Folder = folder;
        JourneyPath = Path.Combine(journeyFolder ?? folder, "journeys.db");
        _configuration = new Dictionary<string, string?>
        {
            ["Journey:SqlitePath"] = JourneyPath,
            ["Metrics:SqlitePath"] = MetricsPath,
            ["Portal:AuditSqlitePath"] = Path.Combine(folder, "audit.db"),
            ["MessageLog:SqlitePath"] = LogPath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (channel, index) in Enum.GetValues<Channel>().Select((c, i) => (c, i)))
        {
            _configuration[$"Ingestion:ApiKeys:{index}:Key"] = KeyOf(channel.ToString());
            _configuration[$"Ingestion:ApiKeys:{index}:Source"] = channel.ToString();
            _configuration[$"Ingestion:ApiKeys:{index}:Channels:0"] = channel.ToString().ToLowerInvariant();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _configuration[key] = value;
        }
    }

    public string Folder { get; }

    public string JourneyPath { get; }

    public string MetricsPath => Path.Combine(Folder, "metrics.db");

    public string LogPath => Path.Combine(Folder, "messages.db");

    public HostProcess Host => _host ?? throw new InvalidOperationException("Not started.");

    public HttpClient Http { get; private set; } = new();

    public static string KeyOf(string source) => $"key-{source.ToLowerInvariant()}";

    public async Task StartAsync()
    {
        _host?.Dispose();
        _host = await HostProcess.StartAsync(_configuration);
        Http.Dispose();
        Http = new HttpClient { BaseAddress = new Uri(_host.Address), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>SIGKILL: a crash.</summary>
    public void Kill() => _host?.Kill();

    /// <summary>The interactions as a channel system posts them (the source comes from the key), in batches of one source each.</summary>
    public static List<(string Source, byte[] Body, InteractionKey[] Keys)> Batches(IEnumerable<Interaction> interactions, int size, Random random)
    {
        var batches = interactions.GroupBy(i => i.Source)
            .SelectMany(g => g.Chunk(size).Select(chunk => (g.Key, Encoding.UTF8.GetBytes(new JsonArray([.. chunk.Select(CanonicalJson.Node)]).ToJsonString()), chunk.Select(i => i.Key).ToArray())))
            .ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batches));
        return batches;
    }

    /// <summary>Posts a batch; the keys it accepted (202: accepted or repeated), or null when it was not answered 202 (refused, 503, the process gone).</summary>
    public async Task<(HttpStatusCode? Status, string? RetryAfter, IReadOnlyList<InteractionKey> Accepted)> PostBatchAsync(string source, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions/batch") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Api-Key", KeyOf(source));
            using var response = await Http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return (response.StatusCode, response.Headers.RetryAfter?.ToString(), []);
            }

            var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return (response.StatusCode, null, [.. receipt.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("status").GetString() is "accepted" or "duplicate")
                .Select(i => new InteractionKey { Source = source, Id = i.GetProperty("id").GetString()! })]);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (null, null, []);
        }
    }

    /// <summary>Posts every batch from <paramref name="clients"/> clients at once; records what got 202.</summary>
    public async Task PostAllAsync(IEnumerable<(string Source, byte[] Body, InteractionKey[] Keys)> batches, int clients, ConcurrentDictionary<InteractionKey, bool> accepted, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<(string Source, byte[] Body, InteractionKey[] Keys)>(batches);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var batch))
            {
                var (_, _, keys) = await PostBatchAsync(batch.Source, batch.Body, cancellationToken);
                foreach (var key in keys)
                {
                    accepted[key] = true;
                }
            }
        }, cancellationToken)));
    }

    /// <summary>The number a count query over a SQLite file answers (0 while the file does not exist).</summary>
    public static async Task<long> CountAsync(string path, string sql)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public Task<long> StoredAsync() => CountAsync(JourneyPath, "SELECT count(*) FROM interactions");

    /// <summary>Messages of the log not yet consumed (the backlog), and those faulted (its error queue).</summary>
    public async Task<(long Pending, long Faulted)> LogAsync() =>
        (await CountAsync(LogPath, "SELECT count(*) FROM messages WHERE faulted_in IS NULL"), await CountAsync(LogPath, "SELECT count(*) FROM messages WHERE faulted_in IS NOT NULL"));

    /// <summary>Polls <c>/health/ready</c> until it answers <paramref name="expected"/>; fails with the last answer after <paramref name="within"/>.</summary>
    public static async Task WaitForReadinessAsync(HttpClient http, HttpStatusCode expected, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        var last = "";
        do
        {
            using var response = await http.GetAsync("/health/ready", cancellationToken);
            if (response.StatusCode == expected)
            {
                return;
            }

            last = $"{response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            await Task.Delay(200, cancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"/health/ready did not answer {expected} within {within.TotalSeconds} s (last: {last}).");
    }

    /// <summary>Waits until the journey store holds <paramref name="count"/> interactions and the log is empty.</summary>
    public async Task WaitUntilDrainedAsync(long count, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        var (last, since) = ((0L, (0L, 0L)), DateTime.UtcNow);
        while (DateTime.UtcNow < deadline)
        {
            var now = (await StoredAsync(), await LogAsync());
            if (now.Item1 >= count && now.Item2.Pending == 0)
            {
                return;
            }

            if (now != last)
            {
                (last, since) = (now, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - since > TimeSpan.FromSeconds(30))
            {
                break;
            }

            await Task.Delay(250, cancellationToken);
        }

        Assert.Fail($"Not drained (nothing moves for 30 s, or {within} passed): {await StoredAsync()} of {count} stored; log {await LogAsync()}.");
    }

    /// <summary>
    /// Every person, identifier, journey entry and classification stored equals one engine's over
    /// <paramref name="stream"/>; the metrics roll-ups answer exactly as the calculator on the stored journeys.
    /// </summary>
    public async Task AssertStoredAsync(List<Interaction> stream, CancellationToken cancellationToken)
    {
        var expected = new JourneyEngine();
        foreach (var interaction in stream)
        {
            expected.Apply(interaction);
        }

        Assert.Equal(stream.Count, await StoredAsync());
        Assert.Equal(expected.People.Count, await CountAsync(JourneyPath, "SELECT count(*) FROM people WHERE merged_into IS NULL"));
        var store = new SqliteJourneyStore(JourneyPath, new JourneyClassifier(ReiterationWindows.Standard));
        var classifications = new List<InteractionClassification>();
        foreach (var person in expected.People)
        {
            var owner = Assert.Single(await store.LoadOwnersAsync([person.Identifiers[0]], cancellationToken));
            var stored = (await store.LoadJourneyAsync(owner.Snapshot.Id, cancellationToken))!;
            Assert.Equal(person.Identifiers.Select(i => i.ToString()).Order(StringComparer.Ordinal), stored.Person.Snapshot.Identifiers.Select(i => i.ToString()).Order(StringComparer.Ordinal));
            Assert.Equal(person.Entries, stored.Person.Snapshot.Journey);
            Assert.Equal(expected.Classify(person).OfType<InteractionClassification>(), stored.Classifications);
            classifications.AddRange(stored.Classifications);
        }

        var calculator = MetricsCalculator.Paris;
        var metrics = new SqliteMetricsStore(MetricsPath, calculator);
        var query = new MetricsQuery
        {
            From = calculator.DayOf(stream.Min(i => i.OccurredAt)),
            To = calculator.DayOf(stream.Max(i => i.OccurredAt)),
            AsOf = stream.Max(i => i.OccurredAt).AddDays(3),
        };
        var want = calculator.Summarize(classifications, query);
        var got = await metrics.SummarizeAsync(query, cancellationToken);
        Assert.True(want with { MedianTimeToResolution = null, P90TimeToResolution = null } == got with { MedianTimeToResolution = null, P90TimeToResolution = null },
            $"The roll-ups disagree with the stored journeys:\nexpected {want}\nactual   {got}");
        Assert.Equal(calculator.ChannelSwitches(classifications, query), await metrics.ChannelSwitchesAsync(query, cancellationToken));
    }

    public void Dispose()
    {
        _host?.Dispose();
        Http.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
