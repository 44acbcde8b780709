using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;
using Omnichannel.Metrics.Store;
using Xunit;
using Q = Omnichannel.Metrics.Store.Mongo.MongoMetricsQueries;

namespace Omnichannel.Metrics.Tests;

/// <summary>
/// Every filter, update, pipeline and index of the MongoDB roll-ups rendered to BSON and compared with
/// what MongoDB must receive: the adapter is checked here even where no server runs.
/// </summary>
public sealed class MongoMetricsQueryRenderingTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc);
    private static readonly RenderArgs<BsonDocument> Args = new(BsonSerializer.LookupSerializer<BsonDocument>(), BsonSerializer.SerializerRegistry);

    private static void AssertBson(string expected, BsonValue actual) => Assert.Equal(BsonDocument.Parse(expected), actual.AsBsonDocument);

    private static BsonValue Render(UpdateDefinition<BsonDocument> update) => update.Render(Args);

    [Fact]
    public void A_slot_is_taken_when_it_is_this_process_s_or_its_lease_ran_out()
    {
        AssertBson("""{ "_id": 3, "$or": [ { "owner": "me" }, { "leaseUntil": { "$lt": ISODate("2026-12-04T09:00:00Z") } } ] }""", Q.Render(Q.SlotClaimable(3, "me", Now)));
        AssertBson("""{ "$set": { "owner": "me", "leaseUntil": ISODate("2026-12-04T09:00:30Z") } }""", Render(Q.Claim("me", Now.AddSeconds(30))));
        AssertBson("""{ "pending": { "$ne": null }, "leaseUntil": { "$lt": ISODate("2026-12-04T09:00:00Z") } }""", Q.Render(Q.AbandonedWithPending(Now)));
    }

    [Fact]
    public void A_batch_takes_its_sequence_and_is_recorded_in_one_write_on_the_slot_as_its_owner_left_it()
    {
        AssertBson("""{ "_id": 3, "owner": "me", "seq": NumberLong(7), "pending": null }""", Q.Render(Q.OwnSlotReady(3, "me", 7)));
        AssertBson("""{ "$set": { "seq": NumberLong(8), "leaseUntil": ISODate("2026-12-04T09:00:30Z"), "pending": { "seq": NumberLong(8), "messages": [ "{}", "{ }" ] } } }""",
            Render(Q.Allocate(8, ["{}", "{ }"], Now.AddSeconds(30))));
        AssertBson("""{ "_id": 3, "pending.seq": NumberLong(8) }""", Q.Render(Q.SlotPendingAt(3, 8)));
        AssertBson("""{ "$unset": { "pending": 1 } }""", Render(Q.ClearPending()));
    }

    [Fact]
    public void A_cause_is_claimed_once_under_an_id_no_two_keys_share()
    {
        Assert.Equal("3:cti:a:b", Q.CauseKey(new InteractionKey { Source = "cti", Id = "a:b" }));
        Assert.NotEqual(Q.CauseKey(new InteractionKey { Source = "a:b", Id = "c" }), Q.CauseKey(new InteractionKey { Source = "a", Id = "b:c" }));
        AssertBson("""{ "_id": "3:cti:a", "batch": "0:4" }""", Q.CauseClaim("3:cti:a", "0:4"));
        AssertBson("""{ "_id": { "$in": [ "x", "y" ] } }""", Q.Render(Q.CausesIn(["x", "y"])));
    }

    [Fact]
    public void A_cell_is_added_to_once_per_slot_and_sequence_and_created_with_its_key()
    {
        var level = RollUpLevel.All.Single(l => l.Name == "motive");
        var key = level.Project(new Contribution(740_000, 4, "pas.rate", "SIP 3"));
        var id = Q.CellId(level, key, "");
        Assert.Equal("motive:740000:4:8:pas.rate:0::", id);

        AssertBson("""{ "_id": "motive:740000:4:8:pas.rate:0::", "g.2": { "$not": { "$gte": NumberLong(9) } } }""", Q.Render(Q.CellNotYetAt(id, 2, 9)));
        AssertBson("""
            { "$set": { "g.2": NumberLong(9) },
              "$setOnInsert": { "l": "motive", "d": NumberLong(740000), "ch": 4, "m": "pas.rate", "s": "" },
              "$inc": { "c.contacts": NumberLong(2), "c.reiterations": NumberLong(-1) } }
            """,
            Render(Q.AddToCell(Q.KeyFields(level, key), [(Q.CounterField(MetricCatalogue.Contacts), 2), (Q.CounterField(MetricCatalogue.Reiterations), -1)], 2, 9)));
    }

    [Fact]
    public void A_query_reads_one_level_s_days_filtered_by_channel_motive_prefix_and_service()
    {
        var query = new MetricsQuery { From = DateOnly.FromDayNumber(740_000), To = DateOnly.FromDayNumber(740_089), AsOf = Now, Channel = Channel.Phone, Motive = "income-tax", Service = "SIP 3" };
        var level = RollUpLevel.For(query, groupsByMotive: false, among: RollUpLevel.InMongo);
        Assert.Equal("all", level.Name);
        AssertBson("""
            { "l": "all", "d": { "$gte": NumberLong(740000), "$lte": NumberLong(740089) }, "ch": 2,
              "$or": [ { "m": "income-tax" }, { "m": { "$regex": "^income\\-tax\\.", "$options": "" } } ], "s": "SIP 3" }
            """.Replace("\"ch\": 2", $"\"ch\": {(int)Channel.Phone}", StringComparison.Ordinal),
            Q.Render(Q.Covering(level, query)));
        Assert.Equal("day", RollUpLevel.For(query with { Channel = null, Motive = null, Service = null }, groupsByMotive: false).Name);
        Assert.Equal("daymotive", RollUpLevel.For(query with { Channel = null, Service = null }, groupsByMotive: false).Name);
    }

    [Fact]
    public void A_level_kept_by_service_or_motive_first_is_read_only_by_a_query_that_names_it()
    {
        var query = new MetricsQuery { From = DateOnly.FromDayNumber(740_000), To = DateOnly.FromDayNumber(740_089), AsOf = Now, Motive = "income-tax", Service = "SIP 3" };

        Assert.Equal("serviceall", RollUpLevel.For(query, groupsByMotive: false).Name);
        Assert.Equal("serviceall", RollUpLevel.For(query with { Motive = null }, groupsByMotive: false).Name);
        Assert.Equal("serviceall", RollUpLevel.For(query with { Motive = null }, groupsByMotive: true).Name);
        Assert.Equal("serviceall", RollUpLevel.For(query with { Channel = Channel.Phone }, groupsByMotive: false).Name);
        // Every service: the services table reads a level kept motive first when a motive is named (with the channel
        // only when one is named), and by day and service when neither a motive nor a channel is.
        Assert.Equal("motiveservice", RollUpLevel.For(query with { Service = null }, groupsByMotive: false, groupsByService: true).Name);
        Assert.Equal("motiveall", RollUpLevel.For(query with { Service = null, Channel = Channel.Phone }, groupsByMotive: false, groupsByService: true).Name);
        Assert.Equal("dayservice", RollUpLevel.For(query with { Service = null, Motive = null }, groupsByMotive: false, groupsByService: true).Name);
        Assert.Equal("service", RollUpLevel.For(query with { Service = null, Motive = null, Channel = Channel.Phone }, groupsByMotive: false, groupsByService: true).Name);
        Assert.Equal("service", RollUpLevel.ByService.Name);
        // Neither is read without its motive or service: the motive chart of every motive stays on the day-first levels.
        Assert.Equal("daymotive", RollUpLevel.For(query with { Service = null, Motive = null }, groupsByMotive: true).Name);
        Assert.Equal("all", RollUpLevel.For(query with { Motive = null, Service = null, Channel = Channel.Phone }, groupsByMotive: true, groupsByService: true).Name);
        // The MongoDB store keeps the levels it always kept.
        Assert.Equal(["day", "channel", "daymotive", "motive", "service", "all"], RollUpLevel.InMongo.Select(l => l.Name));
        Assert.Equal("all", RollUpLevel.For(query, groupsByMotive: false, among: RollUpLevel.InMongo).Name);
        Assert.Equal("service", RollUpLevel.For(query with { Service = null, Motive = null }, groupsByMotive: false, groupsByService: true, among: RollUpLevel.InMongo).Name);
    }

    [Fact]
    public void Open_verdicts_are_read_by_the_hour_after_as_of_s_then_one_by_one_within_it()
    {
        AssertBson("""{ "v": { "$in": [1, 2, 3] }, "h": { "$gt": NumberLong(500) } }""", Q.Render(Q.OpenAfter(500)));
        AssertBson("""
            { "v": { "$in": [1, 2, 3] }, "at": { "$gte": NumberLong(10), "$lt": NumberLong(20) }, "$or": [ { "at": { "$gt": NumberLong(10) } }, { "v": 3 } ] }
            """, Q.Render(Q.InstantsOpenAt(10, 20)));
    }

    [Fact]
    public void Sums_are_grouped_on_the_server_every_counter_of_the_catalogue_by_name()
    {
        var stages = Q.SumCounters(Builders<BsonDocument>.Filter.Eq("l", "day"), "d").Render(new RenderArgs<BsonDocument>(BsonSerializer.LookupSerializer<BsonDocument>(), BsonSerializer.SerializerRegistry)).Documents;
        Assert.Equal(BsonDocument.Parse("""{ "$match": { "l": "day" } }"""), stages[0]);
        var group = stages[1]["$group"].AsBsonDocument;
        Assert.Equal("$d", group["_id"].AsString);
        Assert.Equal(MetricCatalogue.Counters.Select(c => c.Column).Prepend("_id"), group.Names);
        Assert.Equal(BsonDocument.Parse("""{ "$sum": "$c.contacts" }"""), group["contacts"]);

        var sum = Q.SumBy(Builders<BsonDocument>.Filter.Empty, new BsonDocument { { "k", BsonNull.Value }, { "b", "$b" } })
            .Render(new RenderArgs<BsonDocument>(BsonSerializer.LookupSerializer<BsonDocument>(), BsonSerializer.SerializerRegistry)).Documents;
        Assert.Equal(BsonDocument.Parse("""{ "$group": { "_id": { "k": null, "b": "$b" }, "n": { "$sum": "$n" } } }"""), sum[1]);
    }

    [Fact]
    public void Every_cell_collection_is_indexed_by_level_and_day_and_the_open_promises_by_the_hour_they_fall_due()
    {
        var indexes = Q.Indexes().ToList();
        var byDay = indexes.Where(i => i.Index.Options.Name.EndsWith("_by_level_day", StringComparison.Ordinal)).ToList();
        Assert.Equal(Q.Cells, byDay.Select(i => i.Collection));
        Assert.All(byDay, i => Assert.Equal(BsonDocument.Parse("""{ "l": 1, "d": 1 }"""), i.Index.Keys.Render(Args)));
        Assert.Equal(Q.Cells.Select(c => $"{c}_by_level_day"), byDay.Select(i => i.Index.Options.Name));
        var due = Assert.Single(indexes.Except(byDay));
        Assert.Equal((Q.Open, """{ "l" : 1, "v" : 1, "h" : 1 }"""), (due.Collection, due.Index.Keys.Render(Args).ToString()));
    }

    [Fact]
    public void The_work_lists_read_open_promises_by_level_verdict_and_hour()
    {
        Assert.Equal(
            BsonDocument.Parse("""{ "l": "service", "v": { "$in": [2, 3] }, "h": { "$gt": 10, "$lte": 34 }, "s": "SIP Lyon 3" }"""),
            Q.Render(Q.DueWithin(RollUpLevel.ByService, 10, 34, "SIP Lyon 3")));
        Assert.Equal(
            BsonDocument.Parse("""{ "l": "all", "v": { "$in": [2, 3] }, "at": { "$gt": 5, "$lt": 9 } }"""),
            Q.Render(Q.DueWithinHour(RollUpLevel.All[^1], 5, 9, null)));
    }
}
