using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Hosting.Telemetry;
using Q = Omnichannel.Metrics.Store.Mongo.MongoMetricsQueries;

namespace Omnichannel.Metrics.Store.Mongo;

/// <summary>
/// The roll-ups of DOMAIN §4 on MongoDB, for metrics replicas that share one database: the same levels,
/// cells and sums as <see cref="SqliteMetricsStore"/>, read the same way (roll-ups only, never journeys),
/// and each cause applied exactly once without multi-document transactions.
/// </summary>
/// <remarks>
/// The write protocol (infra/mongo/README.md, "The metrics roll-ups"): each replica holds a <b>slot</b> by
/// lease and writes its batches in order under the slot's increasing sequence.
/// <list type="number">
/// <item>Commit point: one update of the slot's document takes the next sequence and records the batch
/// (its messages) as the slot's pending batch. Before it, nothing happened: the bus delivers the messages again.</item>
/// <item>Each cause of the batch is claimed by inserting <c>{_id: cause, batch}</c>: the first batch to
/// claim a cause counts it, forever; a cause claimed by another batch is left to that batch.</item>
/// <item>Each cell (a roll-up row) is incremented by one update that also records the slot's sequence on
/// it, guarded by "this slot has not written this cell at this sequence or later". A resumed batch adds
/// to each cell at most once.</item>
/// <item>The pending batch is cleared; the next batch may start.</item>
/// </list>
/// A process killed between any two of these writes leaves a pending batch on its slot: the same process
/// after a restart, or any replica once the lease has run out, finishes it from what the slot recorded
/// (the claims it made are recognised as its own), so every cause counts once whoever finishes it. A
/// replica that was only paused and lost its lease may still write the batch it had in hand: its cell
/// writes carry the same sequence and pass the same guards, and it can take no new sequence.
/// </remarks>
public sealed class MongoMetricsStore : IMetricsStore, IAsyncDisposable
{
    /// <summary>Messages per batch at most: a slot's document holds its pending batch, far below MongoDB's 16 MB.</summary>
    private const int MaxBatch = 1_000;

    private static readonly JsonSerializerOptions Json = MessageLog.Json;
    private static readonly RollUpLevel Finest = RollUpLevel.All[^1];

    private readonly MetricsCalculator _calendar;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lease;
    private readonly int _maxSlots;
    private readonly IMongoCollection<BsonDocument> _slots;
    private readonly IMongoCollection<BsonDocument> _causes;
    private readonly Dictionary<string, IMongoCollection<BsonDocument>> _cells;
    private readonly IMongoDatabase _database;

    /// <summary>This process, as a slot's owner.</summary>
    private readonly string _owner = Guid.NewGuid().ToString("N");

    /// <summary>One batch at a time: a slot's sequence orders its batches, each whole before the next.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _keeper;
    private int? _slot;
    private long _seq;

    /// <param name="database">The database the replicas share (its write concern is the deployment's).</param>
    /// <param name="calendar">Counts days in the deployment's time zone.</param>
    /// <param name="clock">Leases are taken and renewed by it.</param>
    /// <param name="lease">How long a slot stays a stopped replica's before another finishes its batch and may take it.</param>
    /// <param name="maxSlots">Slots at most: more than the replicas that ever run at once.</param>
    public MongoMetricsStore(IMongoDatabase database, MetricsCalculator calendar, TimeProvider clock, TimeSpan? lease = null, int maxSlots = 64)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _calendar = calendar;
        _clock = clock;
        _lease = lease ?? TimeSpan.FromSeconds(30);
        _maxSlots = maxSlots;
        _slots = database.GetCollection<BsonDocument>(Q.Slots);
        _causes = database.GetCollection<BsonDocument>(Q.Causes);
        _cells = Q.Cells.ToDictionary(c => c, c => database.GetCollection<BsonDocument>(c), StringComparer.Ordinal);
    }

    /// <summary>For tests: called with the write's name before each write, so that a test can stop the store between any two.</summary>
    internal Func<string, Task>? BeforeWrite { get; set; }

    /// <summary>The slot this process holds, if any (for tests).</summary>
    internal int? Slot => _slot;

    /// <summary>For tests: stops as a killed process does, keeping nothing and handing nothing back.</summary>
    internal async Task AbandonAsync()
    {
        await _stopping.CancelAsync();
        if (_keeper is not null)
        {
            await _keeper;
        }

        _slot = null;
    }

    /// <summary>Creates the indexes, then keeps the lease and finishes what stopped replicas left.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var (collection, index) in Q.Indexes())
        {
            await _database.GetCollection<BsonDocument>(collection).Indexes.CreateOneAsync(index, cancellationToken: cancellationToken);
        }

        _keeper ??= Task.Run(() => KeepAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task<int> ApplyAsync(IReadOnlyList<ContactsReclassified> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var activity = OmnichannelTelemetry.StartStoreCall("metrics-store", "apply");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var applied = 0;
            foreach (var batch in messages.Chunk(MaxBatch))
            {
                applied += await ApplyBatchAsync(batch, cancellationToken);
            }

            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Finishes the pending batches of slots whose replica stopped (also done every third of a lease by itself).</summary>
    internal async Task RecoverAbandonedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            var abandoned = await _slots.Find(Q.AbandonedWithPending(now)).ToListAsync(cancellationToken);
            foreach (var slot in abandoned.Select(s => s["_id"].AsInt32).Where(s => s != _slot))
            {
                await WriteAsync("take-over");
                if (await _slots.FindOneAndUpdateAsync(Q.SlotClaimable(slot, _owner, now), Q.Claim(_owner, now + _lease),
                        new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After }, cancellationToken) is not { } taken)
                {
                    continue;
                }

                await FinishPendingAsync(slot, taken, cancellationToken);
                // Free again at once: whichever replica starts next may take it.
                await WriteAsync("hand-back");
                await _slots.UpdateOneAsync(Q.OwnSlot(slot, _owner), Q.Renew(DateTime.UnixEpoch), cancellationToken: cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<MetricsSummary> SummarizeAsync(MetricsQuery query, CancellationToken cancellationToken) =>
        (await QueryAsync(query, null, cancellationToken)).GetValueOrDefault("", Empty());

    public async Task<IReadOnlyList<(DateOnly Day, MetricsSummary Summary)>> TimeseriesAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var byDay = await QueryAsync(query, "d", cancellationToken);
        var days = new List<(DateOnly, MetricsSummary)>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            days.Add((day, byDay.GetValueOrDefault(day.DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), Empty())));
        }

        return days;
    }

    public async Task<IReadOnlyList<MotiveReiteration>> MotivesAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. (await QueryAsync(query, "m", cancellationToken))
            .Where(m => m.Key.Length > 0 && m.Value.Contacts > 0)
            .Select(m => new MotiveReiteration(m.Key, m.Value.Contacts, m.Value.Reiterations, m.Value.ReiterationRate, m.Value.FcrRate))
            .OrderByDescending(m => m.Reiterations).ThenByDescending(m => m.ReiterationRate).ThenBy(m => m.Motive, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ChannelSwitch>> ChannelSwitchesAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sums = await _cells[Q.Switches].Aggregate(Q.SumBy(Q.Covering(Finest, query), new BsonDocument { { "f", "$f" }, { "c", "$ch" } }), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return [.. sums.Where(s => s["n"].ToInt64() > 0)
            .Select(s => new ChannelSwitch((Channel)s["_id"]["f"].AsInt32, (Channel)s["_id"]["c"].AsInt32, (int)s["n"].ToInt64()))
            .OrderBy(s => s.From).ThenBy(s => s.To)];
    }

    public async Task<IReadOnlyList<ServiceMetrics>> ServicesAsync(MetricsQuery query, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(query, "s", cancellationToken))
            .Where(s => s.Value.Contacts > 0)
            .Select(s => new ServiceMetrics(s.Key, s.Value))
            .OrderByDescending(s => s.Metrics.Contacts).ThenBy(s => s.Service, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<ServiceDue>> DueAsync(DateTimeOffset from, DateTimeOffset until, string? service, CancellationToken cancellationToken)
    {
        using var activity = OmnichannelTelemetry.StartStoreCall("metrics-store", "due");
        var hour = from.UtcTicks / TimeSpan.TicksPerHour;
        var key = new BsonDocument { { "s", "$s" }, { "v", "$v" } };
        var open = await _cells[Q.Open].Aggregate(Q.SumBy(Q.DueWithin(RollUpLevel.ByService, hour, until.UtcTicks / TimeSpan.TicksPerHour, service), key), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var instants = await _cells[Q.Instants].Aggregate(Q.SumBy(Q.DueWithinHour(Finest, from.UtcTicks, (hour + 1) * TimeSpan.TicksPerHour, service), key), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return ServiceDue.Of(open.Concat(instants).Select(r => (r["_id"]["s"].AsString, (TimeVerdict)r["_id"]["v"].AsInt32, r["n"].ToInt64())));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_keeper is not null)
        {
            await _keeper;
        }

        if (_slot is { } slot)
        {
            // A clean stop hands the slot back at once (a crash leaves it to its lease).
            try
            {
                await _slots.UpdateOneAsync(Q.OwnSlot(slot, _owner), Q.Renew(DateTime.UnixEpoch));
            }
            catch (Exception e) when (Hosting.Stores.StoreFaults.IsStoreFault(e))
            {
                // The lease runs out by itself.
            }
        }

        _stopping.Dispose();
        _gate.Dispose();
    }

    private async Task<int> ApplyBatchAsync(ContactsReclassified[] messages, CancellationToken cancellationToken)
    {
        var bodies = messages.Select(m => JsonSerializer.Serialize(m, Json)).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var slot = await SlotAsync(cancellationToken);
            var seq = _seq + 1;
            await WriteAsync("allocate");
            var taken = await _slots.FindOneAndUpdateAsync(Q.OwnSlotReady(slot, _owner, _seq), Q.Allocate(seq, bodies, Now() + _lease),
                new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After }, cancellationToken);
            if (taken is not null)
            {
                _seq = seq;
                return await CompleteAsync(slot, seq, messages, cancellationToken);
            }

            // Not as this process left it: a batch of its own still in hand (a write failed mid-way), or the
            // slot taken over while this process was paused. Take a slot again, finishing what it holds.
            _slot = null;
            if (attempt == 2)
            {
                throw new InvalidOperationException("The metrics store could not keep a slot: another replica takes it each time.");
            }
        }
    }

    /// <summary>The slot this process writes under: held, or claimed now (its own again, or one whose lease ran out), its pending batch finished first.</summary>
    private async Task<int> SlotAsync(CancellationToken cancellationToken)
    {
        if (_slot is { } held)
        {
            return held;
        }

        for (var slot = 0; slot < _maxSlots; slot++)
        {
            var now = Now();
            await WriteAsync("claim-slot");
            var claimed = await _slots.FindOneAndUpdateAsync(Q.SlotClaimable(slot, _owner, now), Q.Claim(_owner, now + _lease),
                new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After }, cancellationToken);
            if (claimed is null)
            {
                try
                {
                    claimed = Q.NewSlot(slot, _owner, now + _lease);
                    await _slots.InsertOneAsync(claimed, cancellationToken: cancellationToken);
                }
                catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
                {
                    // Held by a live replica.
                    continue;
                }
            }

            await FinishPendingAsync(slot, claimed, cancellationToken);
            _seq = claimed["seq"].ToInt64();
            _slot = slot;
            return slot;
        }

        throw new InvalidOperationException($"Every one of the {_maxSlots} metrics slots is held by a live replica.");
    }

    /// <summary>Finishes the batch a slot's document records as pending, if any.</summary>
    private async Task FinishPendingAsync(int slot, BsonDocument slotDocument, CancellationToken cancellationToken)
    {
        if (slotDocument.GetValue("pending", BsonNull.Value) is not BsonDocument pending)
        {
            return;
        }

        var messages = pending["messages"].AsBsonArray.Select(m => JsonSerializer.Deserialize<ContactsReclassified>(m.AsString, Json)!).ToArray();
        await CompleteAsync(slot, pending["seq"].ToInt64(), messages, cancellationToken);
    }

    /// <summary>Steps 2 to 4 of the protocol for the batch <paramref name="slot"/>:<paramref name="seq"/>: claims, cells, release. Safe to run again.</summary>
    private async Task<int> CompleteAsync(int slot, long seq, IReadOnlyList<ContactsReclassified> messages, CancellationToken cancellationToken)
    {
        var batch = $"{slot}:{seq}";
        var byCause = new Dictionary<string, ContactsReclassified>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            byCause.TryAdd(Q.CauseKey(message.Cause), message);
        }

        var ours = await ClaimAsync([.. byCause.Keys], batch, cancellationToken);
        var delta = new RollUpDelta(_calendar);
        foreach (var (cause, message) in byCause)
        {
            if (!ours.Contains(cause))
            {
                continue;
            }

            foreach (var change in message.Changes)
            {
                delta.Add(change.New, 1);
                if (change.Old is not null)
                {
                    delta.Add(change.Old, -1);
                }
            }
        }

        foreach (var (collection, cells) in Cells(delta, slot, seq))
        {
            if (cells.Count > 0)
            {
                await WriteAsync($"cells:{collection}");
                await WriteCellsAsync(_cells[collection], cells, cancellationToken);
            }
        }

        await WriteAsync("release");
        await _slots.UpdateOneAsync(Q.SlotPendingAt(slot, seq), Q.ClearPending(), cancellationToken: cancellationToken);
        return ours.Count;
    }

    /// <summary>Claims the causes for <paramref name="batch"/>; returns those it counts: new claims, and its own from an earlier attempt.</summary>
    private async Task<HashSet<string>> ClaimAsync(List<string> causes, string batch, CancellationToken cancellationToken)
    {
        var ours = new HashSet<string>(causes, StringComparer.Ordinal);
        if (causes.Count == 0)
        {
            return ours;
        }

        await WriteAsync("claim");
        try
        {
            await _causes.InsertManyAsync(causes.Select(c => Q.CauseClaim(c, batch)), new InsertManyOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException<BsonDocument> e) when (e.WriteConcernError is null && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
        {
            var claimedBefore = e.WriteErrors.Select(w => causes[w.Index]).ToList();
            var claims = await _causes.Find(Q.CausesIn(claimedBefore)).ToListAsync(cancellationToken);
            foreach (var claim in claims.Where(c => c["batch"].AsString != batch))
            {
                ours.Remove(claim["_id"].AsString);
            }
        }

        return ours;
    }

    /// <summary>
    /// Upserts the cells. A guard that fails on an existing cell makes the upsert try to insert it again, a
    /// duplicate key: the cell has this batch already, or was created by another writer meanwhile; written
    /// again without upsert, the guard tells which.
    /// </summary>
    private static async Task WriteCellsAsync(IMongoCollection<BsonDocument> collection, List<UpdateOneModel<BsonDocument>> cells, CancellationToken cancellationToken)
    {
        try
        {
            await collection.BulkWriteAsync(cells, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException<BsonDocument> e) when (e.WriteConcernError is null && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
        {
            var again = e.WriteErrors.Select(w => cells[w.Index]).Select(c => new UpdateOneModel<BsonDocument>(c.Filter, c.Update) { IsUpsert = false }).ToList();
            await collection.BulkWriteAsync(again, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
    }

    /// <summary>Every cell the delta changes, by collection: each level's counts, open verdicts and resolutions; the finest level's instants and switches.</summary>
    private static IEnumerable<(string Collection, List<UpdateOneModel<BsonDocument>> Cells)> Cells(RollUpDelta delta, int slot, long seq)
    {
        UpdateOneModel<BsonDocument> Cell(RollUpLevel level, Contribution key, string rest, BsonDocument extra, IEnumerable<(string, long)> increments)
        {
            var fields = Q.KeyFields(level, key);
            fields.AddRange(extra);
            var id = Q.CellId(level, key, rest);
            return new UpdateOneModel<BsonDocument>(Q.CellNotYetAt(id, slot, seq), Q.AddToCell(fields, increments, slot, seq)) { IsUpsert = true };
        }

        var counts = new List<UpdateOneModel<BsonDocument>>();
        var open = new List<UpdateOneModel<BsonDocument>>();
        var resolutions = new List<UpdateOneModel<BsonDocument>>();
        foreach (var level in RollUpLevel.InMongo)
        {
            foreach (var (key, sums) in delta.CountsUnder(level.Project))
            {
                var increments = MetricCatalogue.Counters.Where(c => sums[c.Index] != 0).Select(c => (Q.CounterField(c), sums[c.Index])).ToList();
                if (increments.Count > 0)
                {
                    counts.Add(Cell(level, key, "", [], increments));
                }
            }

            foreach (var ((key, verdict, hour), n) in delta.OpenUnder(level.Project))
            {
                if (n != 0)
                {
                    open.Add(Cell(level, key, $"{verdict}:{hour}", new BsonDocument { { "v", verdict }, { "h", hour } }, [("n", n)]));
                }
            }

            foreach (var ((key, bucket), n) in delta.ResolutionsUnder(e => (level.Project(e.Key), e.Bucket)))
            {
                if (n != 0)
                {
                    resolutions.Add(Cell(level, key, $"{bucket}", new BsonDocument("b", bucket), [("n", n)]));
                }
            }
        }

        var instants = delta.Instants.Where(i => i.Value != 0)
            .Select(i => Cell(Finest, i.Key.Key, $"{i.Key.Verdict}:{i.Key.At}", new BsonDocument { { "v", i.Key.Verdict }, { "at", i.Key.At } }, [("n", i.Value)])).ToList();
        var switches = delta.Switches.Where(s => s.Value != 0)
            .Select(s => Cell(Finest, s.Key.Key, $"{s.Key.From}", new BsonDocument("f", s.Key.From), [("n", s.Value)])).ToList();
        return [(Q.Counts, counts), (Q.Open, open), (Q.Resolutions, resolutions), (Q.Instants, instants), (Q.Switches, switches)];
    }

    private async Task<Dictionary<string, MetricsSummary>> QueryAsync(MetricsQuery query, string? groupField, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var activity = OmnichannelTelemetry.StartStoreCall("metrics-store", "query");
        var level = RollUpLevel.For(query, groupField == "m", groupField == "s", RollUpLevel.InMongo);
        var covering = Q.Covering(level, query);
        var group = Q.GroupKey(groupField);
        var asOf = query.AsOf.UtcTicks;
        var hour = asOf / TimeSpan.TicksPerHour;

        var counters = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var row in await _cells[Q.Counts].Aggregate(Q.SumCounters(covering, groupField), cancellationToken: cancellationToken).ToListAsync(cancellationToken))
        {
            counters[KeyOf(row["_id"])] = [.. MetricCatalogue.Counters.Select(c => row.GetValue(c.Column, 0L).ToInt64())];
        }

        var open = new Dictionary<(string, TimeVerdict), long>();
        var byVerdict = new BsonDocument { { "k", group }, { "v", "$v" } };
        var openRows = await _cells[Q.Open].Aggregate(Q.SumBy(covering & Q.OpenAfter(hour), byVerdict), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var instantRows = await _cells[Q.Instants].Aggregate(Q.SumBy(Q.Covering(Finest, query) & Q.InstantsOpenAt(asOf, (hour + 1) * TimeSpan.TicksPerHour), byVerdict), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        foreach (var row in openRows.Concat(instantRows))
        {
            var key = (KeyOf(row["_id"]["k"]), (TimeVerdict)row["_id"]["v"].AsInt32);
            open[key] = open.GetValueOrDefault(key) + row["n"].ToInt64();
        }

        var resolutions = new Dictionary<string, List<(int Bucket, long Count)>>(StringComparer.Ordinal);
        var resolutionRows = await _cells[Q.Resolutions].Aggregate(Q.SumBy(covering, new BsonDocument { { "k", group }, { "b", "$b" } }), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        foreach (var row in resolutionRows.Where(r => r["n"].ToInt64() > 0))
        {
            var key = KeyOf(row["_id"]["k"]);
            if (!resolutions.TryGetValue(key, out var buckets))
            {
                resolutions[key] = buckets = [];
            }

            buckets.Add((row["_id"]["b"].AsInt32, row["n"].ToInt64()));
        }

        foreach (var buckets in resolutions.Values)
        {
            buckets.Sort((a, b) => a.Bucket.CompareTo(b.Bucket));
        }

        return counters.ToDictionary(c => c.Key, c => Summary(c.Value, v => open.GetValueOrDefault((c.Key, v)), resolutions.GetValueOrDefault(c.Key) ?? []), StringComparer.Ordinal);
    }

    /// <summary>A group's key as the SQLite store names it: "" for none, the day number, the motive.</summary>
    private static string KeyOf(BsonValue key) => key switch
    {
        BsonNull or null => "",
        BsonString text => text.Value,
        _ => key.ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static MetricsSummary Summary(long[] counters, Func<TimeVerdict, long> open, List<(int Bucket, long Count)> resolutions) =>
        MetricCatalogue.Summarize(counters, open, (ResolutionHistogram.NearestRank(resolutions, 0.5), ResolutionHistogram.NearestRank(resolutions, 0.9)));

    private static MetricsSummary Empty() => Summary(new long[MetricCatalogue.Counters.Count], _ => 0, []);

    /// <summary>Renews this process's lease every third of it, and finishes what stopped replicas left.</summary>
    private async Task KeepAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_lease / 3, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    if (_slot is { } slot && (await _slots.UpdateOneAsync(Q.OwnSlot(slot, _owner), Q.Renew(Now() + _lease), cancellationToken: stopping)).MatchedCount == 0)
                    {
                        // Taken over while this process was paused: the next batch claims a slot again.
                        _slot = null;
                    }

                    await RecoverAbandonedAsync(stopping);
                }
                catch (Exception e) when (Hosting.Stores.StoreFaults.IsStoreFault(e))
                {
                    // The store is out: the lease may run out, and the batches wait with their messages.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    private Task WriteAsync(string name) => BeforeWrite?.Invoke(name) ?? Task.CompletedTask;
}
