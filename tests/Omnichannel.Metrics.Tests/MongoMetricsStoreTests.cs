using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;
using Omnichannel.Metrics.Store;
using Omnichannel.Metrics.Store.Mongo;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.Metrics.Tests;

/// <summary>
/// The roll-up contract on the MongoDB test server, each test in a database of its own, and the write
/// protocol's promises: exactly once per cause with a replica stopped between any two of its writes, and
/// with two replicas applying one stream at once. Skipped where no server is reachable (failed under
/// CI=true); the queries are rendered to BSON in <see cref="MongoMetricsQueryRenderingTests"/>.
/// </summary>
public sealed class MongoMetricsStoreTests(MongoServer mongo) : MetricsStoreContract, IClassFixture<MongoServer>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly List<string> _databases = [];
    private readonly List<MongoMetricsStore> _stores = [];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private MongoClient? _client;

    /// <summary>Smaller than SQLite's: the emulator scans every document of every query.</summary>
    protected override int Citizens => 120;

    protected override int Queries => 26;

    protected override void SkipIfUnavailable() => Assert.SkipWhen(mongo.Unavailable is not null, mongo.Unavailable ?? "");

    protected override async Task<IMetricsStore> CreateAsync() => mongo.Unavailable is null ? await StoreAsync(NewDatabase()) : null!;

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_client is not null)
        {
            foreach (var name in _databases)
            {
                await _client.DropDatabaseAsync(name);
            }

            _client.Dispose();
        }
    }

    [Fact]
    public async Task A_replica_stopped_between_any_two_of_its_writes_loses_and_doubles_no_cause()
    {
        SkipIfUnavailable();
        var (messages, expected) = Stream(citizens: 12, seed: 5);
        var batches = messages.Chunk(40).ToList();
        var query = QueryOver(messages);

        // How many writes a clean run makes: the replica is stopped before each in turn.
        var writes = new List<string>();
        var clean = await StoreAsync(NewDatabase());
        clean.BeforeWrite = name =>
        {
            writes.Add(name);
            return Task.CompletedTask;
        };
        foreach (var batch in batches)
        {
            await clean.ApplyAsync(batch, Cancel);
        }

        AssertSame(expected, await clean.SummarizeAsync(query, Cancel), query);
        Assert.True(writes.Count >= batches.Count * 8, $"{writes.Count} writes");

        for (var stop = 0; stop < writes.Count; stop++)
        {
            var database = NewDatabase();
            var killed = await StoreAsync(database);
            var made = 0;
            killed.BeforeWrite = name => made++ == stop ? throw new OperationCanceledException($"killed before write {stop} ({name})") : Task.CompletedTask;
            await Assert.ThrowsAsync<OperationCanceledException>(async () =>
            {
                foreach (var batch in batches)
                {
                    await killed.ApplyAsync(batch, Cancel);
                }
            });
            await killed.AbandonAsync();

            // Another replica: the bus delivers again what was not acknowledged (every batch, as no batch
            // was acknowledged after the stop), and the stopped replica's batch is finished once its lease ran out.
            var other = await StoreAsync(database);
            _clock.Advance(Lease + TimeSpan.FromSeconds(1));
            if (stop % 2 == 0)
            {
                await other.RecoverAbandonedAsync(Cancel);
            }

            foreach (var batch in batches)
            {
                await other.ApplyAsync(batch, Cancel);
            }

            await other.RecoverAbandonedAsync(Cancel);
            AssertSame(expected, await other.SummarizeAsync(query, Cancel), query);
            Assert.Equal(0, await other.ApplyAsync(messages, Cancel));
            Assert.Equal(0L, await database.GetCollection<BsonDocument>(MongoMetricsQueries.Slots).CountDocumentsAsync(Builders<BsonDocument>.Filter.Exists("pending"), cancellationToken: Cancel));
        }
    }

    [Fact]
    public async Task Two_replicas_applying_one_stream_at_once_count_each_cause_once()
    {
        SkipIfUnavailable();
        var (messages, expected) = Stream(citizens: 40, seed: 9);
        var random = new Random(9);
        var delivered = messages.Concat(messages.Where(_ => random.Next(5) == 0)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(delivered));
        var queue = new System.Collections.Concurrent.ConcurrentQueue<ContactsReclassified[]>(delivered.Chunk(random.Next(5, 30)));
        var database = NewDatabase();
        var replicas = new[] { await StoreAsync(database), await StoreAsync(database) };

        await Task.WhenAll(replicas.Select(replica => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var batch))
            {
                await replica.ApplyAsync(batch, Cancel);
            }
        }, Cancel)));

        Assert.NotEqual(replicas[0].Slot, replicas[1].Slot);
        var query = QueryOver(messages);
        foreach (var replica in replicas)
        {
            AssertSame(expected, await replica.SummarizeAsync(query, Cancel), query);
        }

        Assert.Equal(messages.Count, await database.GetCollection<BsonDocument>(MongoMetricsQueries.Causes).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Its_indexes_are_created_at_start_and_starting_again_is_harmless()
    {
        SkipIfUnavailable();
        var database = NewDatabase();
        await StoreAsync(database);
        await StoreAsync(database);

        foreach (var collection in MongoMetricsQueries.Cells)
        {
            var indexes = await (await database.GetCollection<BsonDocument>(collection).Indexes.ListAsync(Cancel)).ToListAsync(Cancel);
            Assert.Equal(
                MongoMetricsQueries.Indexes().Where(i => i.Collection == collection).Select(i => i.Index.Options.Name).Append("_id_").Order(StringComparer.Ordinal),
                indexes.Select(i => i["name"].AsString).Order(StringComparer.Ordinal));
        }
    }

    private IMongoDatabase NewDatabase()
    {
        _client ??= new MongoClient(mongo.ConnectionString);
        var name = $"omnichannel-metrics-{Guid.NewGuid():N}";
        _databases.Add(name);
        return _client.GetDatabase(name);
    }

    private async Task<MongoMetricsStore> StoreAsync(IMongoDatabase database)
    {
        var store = new MongoMetricsStore(database, Calculator, _clock, Lease);
        await store.InitializeAsync(Cancel);
        _stores.Add(store);
        return store;
    }

    /// <summary>The messages the journey publishes for a synthetic stream, and the calculator's summary of its classifications.</summary>
    private static (List<ContactsReclassified> Messages, MetricsSummary Expected) Stream(int citizens, int seed)
    {
        var stream = SyntheticStream.Generate(citizens, citizens * 10, seed: seed);
        var engine = new JourneyEngine();
        var messages = stream.Select(engine.Apply).Select(r => new ContactsReclassified { PersonId = r.PersonId, Cause = r.Interaction, Changes = r.Changes }).ToList();
        var classifications = engine.CurrentClassifications().Values.ToList();
        return (messages, Calculator.Summarize(classifications, QueryOver(messages)));
    }

    private static MetricsQuery QueryOver(List<ContactsReclassified> messages)
    {
        var times = messages.SelectMany(m => m.Changes).Select(c => c.New.OccurredAt).ToList();
        return new MetricsQuery { From = Calculator.DayOf(times.Min()), To = Calculator.DayOf(times.Max()), AsOf = times.Max().AddDays(3) };
    }
}
