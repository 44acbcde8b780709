using System.Globalization;
using System.Text;
using MongoDB.Bson;
using MongoDB.Driver;
using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store.Mongo;

/// <summary>
/// Every filter, update, pipeline and index of the MongoDB roll-ups, built here so that tests render each
/// to BSON. The write protocol they serve is <see cref="MongoMetricsStore"/>'s.
/// </summary>
internal static class MongoMetricsQueries
{
    public const string Slots = "metrics_slots";
    public const string Causes = "metrics_causes";
    public const string Counts = "metrics_counts";
    public const string Open = "metrics_open";
    public const string Instants = "metrics_instants";
    public const string Resolutions = "metrics_resolutions";
    public const string Switches = "metrics_switches";

    /// <summary>The cell collections, each written with the same guard.</summary>
    public static IReadOnlyList<string> Cells { get; } = [Counts, Open, Instants, Resolutions, Switches];

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static UpdateDefinitionBuilder<BsonDocument> Update => Builders<BsonDocument>.Update;

    // Slots: a writer's place, its lease and the one batch it has in hand.

    /// <summary>A slot this process may take: its own, or one whose lease ran out.</summary>
    public static FilterDefinition<BsonDocument> SlotClaimable(int slot, string owner, DateTime now) =>
        Filter.Eq("_id", slot) & (Filter.Eq("owner", owner) | Filter.Lt("leaseUntil", now));

    public static UpdateDefinition<BsonDocument> Claim(string owner, DateTime leaseUntil) =>
        Update.Set("owner", owner).Set("leaseUntil", leaseUntil);

    public static BsonDocument NewSlot(int slot, string owner, DateTime leaseUntil) =>
        new() { { "_id", slot }, { "owner", owner }, { "leaseUntil", leaseUntil }, { "seq", 0L } };

    /// <summary>The slot as this owner left it: still its own, at the sequence it last took, no batch in hand.</summary>
    public static FilterDefinition<BsonDocument> OwnSlotReady(int slot, string owner, long seq) =>
        Filter.Eq("_id", slot) & Filter.Eq("owner", owner) & Filter.Eq("seq", seq) & Filter.Eq("pending", BsonNull.Value);

    /// <summary>Takes the next sequence and records the batch under it, in one write: the commit point of a batch.</summary>
    public static UpdateDefinition<BsonDocument> Allocate(long seq, IEnumerable<string> messages, DateTime leaseUntil) =>
        Update.Set("seq", seq).Set("leaseUntil", leaseUntil).Set("pending", new BsonDocument { { "seq", seq }, { "messages", new BsonArray(messages) } });

    public static FilterDefinition<BsonDocument> SlotPendingAt(int slot, long seq) => Filter.Eq("_id", slot) & Filter.Eq("pending.seq", seq);

    public static UpdateDefinition<BsonDocument> ClearPending() => Update.Unset("pending");

    public static FilterDefinition<BsonDocument> OwnSlot(int slot, string owner) => Filter.Eq("_id", slot) & Filter.Eq("owner", owner);

    public static UpdateDefinition<BsonDocument> Renew(DateTime leaseUntil) => Update.Set("leaseUntil", leaseUntil);

    /// <summary>Slots whose writer stopped with a batch in hand: any replica finishes it.</summary>
    public static FilterDefinition<BsonDocument> AbandonedWithPending(DateTime now) =>
        Filter.Ne("pending", BsonNull.Value) & Filter.Lt("leaseUntil", now);

    // Causes: each claimed by one batch, forever (the SQLite store's "applied" table).

    public static string CauseKey(Contracts.InteractionKey cause)
    {
        return $"{cause.Source.Length.ToString(CultureInfo.InvariantCulture)}:{cause.Source}:{cause.Id}";
    }

    public static BsonDocument CauseClaim(string cause, string batch) => new() { { "_id", cause }, { "batch", batch } };

    public static FilterDefinition<BsonDocument> CausesIn(IEnumerable<string> causes) => Filter.In("_id", causes);

    // Cells: a roll-up row, incremented once per slot and sequence.

    /// <summary>A cell's id: its collection's kind of row under one level's key (lengths make it unambiguous).</summary>
    public static string CellId(RollUpLevel level, Contribution key, string rest)
    {
        ArgumentNullException.ThrowIfNull(level);
        return $"{level.Name}:{key.Day.ToString(CultureInfo.InvariantCulture)}:{key.Channel.ToString(CultureInfo.InvariantCulture)}:{key.Motive.Length.ToString(CultureInfo.InvariantCulture)}:{key.Motive}:{key.Service.Length.ToString(CultureInfo.InvariantCulture)}:{key.Service}:{rest}";
    }

    /// <summary>
    /// The guard of every cell write: this slot has not written this cell at this sequence or later. A slot
    /// writes its batches in order, each whole before the next, so a cell that saw a later sequence of the
    /// slot has this one too; a batch resumed after a crash, or finished by another replica, adds to each
    /// cell at most once. (A missing field is not <c>$gte</c> anything: a new cell passes.)
    /// </summary>
    public static FilterDefinition<BsonDocument> CellNotYetAt(string id, int slot, long seq) =>
        Filter.Eq("_id", id) & Filter.Not(Filter.Gte($"g.{slot.ToString(CultureInfo.InvariantCulture)}", seq));

    /// <summary>Adds to a cell and records the slot's sequence on it; creates it with its key fields.</summary>
    public static UpdateDefinition<BsonDocument> AddToCell(BsonDocument keyFields, IEnumerable<(string Field, long Amount)> increments, int slot, long seq)
    {
        var update = Update.Set($"g.{slot.ToString(CultureInfo.InvariantCulture)}", seq);
        foreach (var element in keyFields)
        {
            update = update.SetOnInsert(element.Name, element.Value);
        }

        foreach (var (field, amount) in increments)
        {
            update = update.Inc(field, amount);
        }

        return update;
    }

    public static BsonDocument KeyFields(RollUpLevel level, Contribution key)
    {
        ArgumentNullException.ThrowIfNull(level);
        return new BsonDocument { { "l", level.Name }, { "d", key.Day }, { "ch", key.Channel }, { "m", key.Motive }, { "s", key.Service } };
    }

    /// <summary>The counter field of a cell: <c>c.&lt;column&gt;</c>, one per counter of the catalogue (a new counter is a new field).</summary>
    public static string CounterField(Counter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return $"c.{counter.Column}";
    }

    // Reads: the level's cells of the period, filtered, summed by the grouping.

    /// <summary>The cells of <paramref name="level"/> a query covers.</summary>
    public static FilterDefinition<BsonDocument> Covering(RollUpLevel level, MetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(level);
        ArgumentNullException.ThrowIfNull(query);
        var filter = Filter.Eq("l", level.Name) & Filter.Gte("d", (long)query.From.DayNumber) & Filter.Lte("d", (long)query.To.DayNumber);
        if (query.Channel is { } channel)
        {
            filter &= Filter.Eq("ch", (int)channel);
        }

        if (query.Motive is { } motive)
        {
            // A motive prefix (Domain MotivePrefix): the motive itself or one below it.
            filter &= Filter.Eq("m", motive) | Filter.Regex("m", new BsonRegularExpression($"^{Escape(motive)}\\."));
        }

        if (query.Service is { } service)
        {
            filter &= Filter.Eq("s", service);
        }

        return filter;
    }

    /// <summary>The verdicts open at <c>asOf</c>, by the hour after its hour.</summary>
    public static FilterDefinition<BsonDocument> OpenAfter(long hour) => Filter.In("v", [1, 2, 3]) & Filter.Gt("h", hour);

    /// <summary>The same verdicts one by one within <c>asOf</c>'s hour: still open at <c>asOf</c> (a deadline until it is past).</summary>
    public static FilterDefinition<BsonDocument> InstantsOpenAt(long asOf, long nextHour) =>
        Filter.In("v", [1, 2, 3]) & Filter.Gte("at", asOf) & Filter.Lt("at", nextHour) & (Filter.Gt("at", asOf) | Filter.Eq("v", 3));

    /// <summary>The work lists' open promises (acknowledgements due, deadlines) of a level, by the hours after <paramref name="hour"/> up to <paramref name="lastHour"/>.</summary>
    public static FilterDefinition<BsonDocument> DueWithin(RollUpLevel level, long hour, long lastHour, string? service)
    {
        ArgumentNullException.ThrowIfNull(level);
        var filter = Filter.Eq("l", level.Name) & Filter.In("v", [2, 3]) & Filter.Gt("h", hour) & Filter.Lte("h", lastHour);
        return service is null ? filter : filter & Filter.Eq("s", service);
    }

    /// <summary>The same, one by one within <paramref name="from"/>'s hour.</summary>
    public static FilterDefinition<BsonDocument> DueWithinHour(RollUpLevel level, long from, long nextHour, string? service)
    {
        ArgumentNullException.ThrowIfNull(level);
        var filter = Filter.Eq("l", level.Name) & Filter.In("v", [2, 3]) & Filter.Gt("at", from) & Filter.Lt("at", nextHour);
        return service is null ? filter : filter & Filter.Eq("s", service);
    }

    /// <summary>What a query groups by: nothing, the day, the motive or the service.</summary>
    public static BsonValue GroupKey(string? field) => field is null ? BsonNull.Value : new BsonString($"${field}");

    public static PipelineDefinition<BsonDocument, BsonDocument> SumCounters(FilterDefinition<BsonDocument> filter, string? groupField)
    {
        var group = new BsonDocument("_id", GroupKey(groupField));
        foreach (var counter in MetricCatalogue.Counters)
        {
            group.Add(counter.Column, new BsonDocument("$sum", $"${CounterField(counter)}"));
        }

        return PipelineDefinition<BsonDocument, BsonDocument>.Create(new BsonDocument("$match", Render(filter)), new BsonDocument("$group", group));
    }

    /// <summary>Sums <c>n</c> by the grouping and one more field of the cell (a verdict, a bucket, a channel pair).</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> SumBy(FilterDefinition<BsonDocument> filter, BsonDocument key) =>
        PipelineDefinition<BsonDocument, BsonDocument>.Create(
            new BsonDocument("$match", Render(filter)),
            new BsonDocument("$group", new BsonDocument { { "_id", key }, { "n", new BsonDocument("$sum", "$n") } }));

    /// <summary>Indexes created at start (and listed in infra/mongo/README.md): every read is a level's days.</summary>
    public static IEnumerable<(string Collection, CreateIndexModel<BsonDocument> Index)> Indexes() =>
        Cells.Select(collection => (collection, new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("l").Ascending("d"), new CreateIndexOptions { Name = $"{collection}_by_level_day" })))
        // The work lists read the open promises by the hour they fall due, whatever their day.
        .Append((Open, new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("l").Ascending("v").Ascending("h"), new CreateIndexOptions { Name = $"{Open}_by_level_verdict_hour" })));

    public static BsonDocument Render(FilterDefinition<BsonDocument> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Render(new RenderArgs<BsonDocument>(MongoDB.Bson.Serialization.BsonSerializer.LookupSerializer<BsonDocument>(), MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry));
    }

    /// <summary>A motive taken literally in a regular expression.</summary>
    private static string Escape(string literal)
    {
        var escaped = new StringBuilder(literal.Length * 2);
        foreach (var c in literal)
        {
            if (!char.IsLetterOrDigit(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
