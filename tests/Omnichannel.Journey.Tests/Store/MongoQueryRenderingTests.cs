using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Journey.Store.Mongo;
using Omnichannel.Journey.Tests.Support;
using Xunit;
using Q = Omnichannel.Journey.Store.Mongo.MongoJourneyQueries;

namespace Omnichannel.Journey.Tests.Store;

/// <summary>
/// Every filter, update and index of the MongoDB journey store rendered to BSON and compared with the
/// document MongoDB must receive: the adapter is checked here even where no server runs.
/// </summary>
public sealed class MongoQueryRenderingTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);

    private static BsonDocument Render<T>(FilterDefinition<T> filter) =>
        filter.Render(new RenderArgs<T>(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry));

    private static BsonValue Render<T>(UpdateDefinition<T> update) =>
        update.Render(new RenderArgs<T>(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry));

    private static void AssertBson(string expected, BsonValue actual) => Assert.Equal(BsonDocument.Parse(expected), actual.AsBsonDocument);

    [Fact]
    public void Owners_are_found_by_identifier_key()
    {
        AssertBson("""{ "_id": { "$in": [ { "type": 4, "value": "+33611111111" }, { "type": 1, "value": "1111111111111" } ] } }""",
            Render(Q.IdentifiersIn([Ids.Phone("+33611111111"), Ids.Tax("1111111111111")])));
    }

    [Fact]
    public void A_split_re_points_an_identifier_only_if_no_later_write_claimed_it_and_moves_an_interaction_only_from_the_split_person()
    {
        var at = new DateTime(2026, 3, 12, 9, 0, 0, DateTimeKind.Utc);
        AssertBson("""{ "_id": { "type": 5, "value": "w@example.fr" }, "$or": [ { "claimedAt": { "$lt": ISODate("2026-03-12T09:00:00Z") } }, { "claimedAt": null } ] }""",
            Render(Q.MovableSince(Q.KeyOf(Ids.Email("w@example.fr")), at)));
        AssertBson("""{ "$set": { "personId": "p-2", "claimedAt": ISODate("2026-03-12T09:00:00Z"), "write": "w-1" } }""", Render(Q.MoveIdentifier("p-2", "w-1", at)));
        AssertBson("""{ "_id": { "source": "portal", "id": "g-mail" }, "personId": "p-1" }""", Render(Q.InteractionOf(Q.KeyOf(new InteractionKey { Source = "portal", Id = "g-mail" }), "p-1")));
        AssertBson("""{ "_id": "p-2", "version": NumberLong(1) }""", Render(Q.UntouchedSplitPerson("p-2")));
    }

    [Fact]
    public void The_referents_work_list_is_the_people_not_merged_away_with_a_conflict_or_a_shared_identifier()
    {
        AssertBson("""{ "mergedInto": null, "$or": [ { "snapshot.conflicts.0": { "$exists": true } }, { "snapshot.sharedIdentifiers.0": { "$exists": true } } ] }""", Render(Q.WithConflicts()));
    }

    [Fact]
    public void The_interactions_that_declared_an_identifier_are_found_by_the_declared_index()
    {
        AssertBson("""{ "declared": { "type": 4, "value": "+33611111111" } }""", Render(Q.Declaring(Ids.Phone("+33611111111"))));
        AssertBson("""{ "declared.0": { "$exists": true } }""", Render(Q.Declaring()));
    }

    [Fact]
    public void A_decision_is_found_by_its_id()
    {
        AssertBson("""{ "_id": "d-1" }""", Render(Q.DecisionById("d-1")));
    }

    [Fact]
    public void A_setting_is_found_by_its_name()
    {
        AssertBson("""{ "_id": "classification-policy" }""", Render(Q.SettingById(Q.ClassificationPolicy)));
    }

    [Fact]
    public void A_person_is_written_only_at_the_version_it_was_loaded_and_while_not_merged_away()
    {
        AssertBson("""{ "_id": "p-1", "version": NumberLong(3), "mergedInto": null }""", Render(Q.PersonAtVersion("p-1", 3)));
        AssertBson("""{ "_id": "p-1" }""", Render(Q.PersonById("p-1")));
    }

    [Fact]
    public void Committing_the_survivor_sets_its_state_and_pending_rest_ends_any_lease_and_increments_the_version()
    {
        var survivor = new PersonDocument
        {
            Id = "p-1",
            Snapshot = new BsonDocument("id", "p-1"),
            Pending = new PendingWrite
            {
                Id = "w1",
                Interactions = [new InteractionDocument { Id = new InteractionKeyDocument { Source = "cti", Id = "c9" }, PersonId = "p-1", Interaction = new BsonDocument("id", "c9"), Reclassified = new BsonDocument("personId", "p-1") }],
                Absorbed = ["p-2"],
            },
        };

        AssertBson("""
            {
              "$set": {
                "snapshot": { "id": "p-1" },
                "pending": {
                  "id": "w1",
                  "interactions": [ { "_id": { "source": "cti", "id": "c9" }, "personId": "p-1", "interaction": { "id": "c9" }, "reclassified": { "personId": "p-1" } } ],
                  "absorbed": [ "p-2" ]
                }
              },
              "$unset": { "mergingInto": 1, "mergingSince": 1, "classifications": 1 },
              "$inc": { "version": NumberLong(1) }
            }
            """, Render(Q.CommitSurvivor(survivor)));
    }

    [Fact]
    public void A_conflict_notice_replaces_the_snapshot_only()
    {
        AssertBson("""{ "$set": { "snapshot": { "id": "p-3" } }, "$unset": { "mergingInto": 1, "mergingSince": 1 }, "$inc": { "version": NumberLong(1) } }""",
            Render(Q.ReplaceSnapshot(new PersonDocument { Snapshot = new BsonDocument("id", "p-3") })));
    }

    [Fact]
    public void A_merge_locks_its_absorbed_people_then_turns_them_into_redirects_or_releases_them()
    {
        AssertBson("""{ "$set": { "mergingInto": "p-1", "mergingSince": ISODate("2026-11-27T10:00:00Z") }, "$inc": { "version": NumberLong(1) } }""",
            Render(Q.LockForMerge("p-1", Now)));
        AssertBson("""{ "_id": { "$in": [ "p-2", "p-3" ] }, "mergingInto": "p-1" }""", Render(Q.LockedBy(["p-2", "p-3"], "p-1")));
        AssertBson("""{ "$set": { "mergedInto": "p-1" }, "$unset": { "mergingInto": 1, "mergingSince": 1, "classifications": 1 }, "$inc": { "version": NumberLong(1) } }""",
            Render(Q.FinishMerge("p-1")));
        AssertBson("""{ "$unset": { "mergingInto": 1, "mergingSince": 1 }, "$inc": { "version": NumberLong(1) } }""", Render(Q.ReleaseLock()));
    }

    [Fact]
    public void The_pending_rest_is_cleared_only_for_its_own_write()
    {
        AssertBson("""{ "_id": "p-1", "pending.id": "w1" }""", Render(Q.PendingFor("p-1", "w1")));
        AssertBson("""{ "$unset": { "pending": 1 } }""", Render(Q.ClearPending()));
    }

    [Fact]
    public void An_identifier_is_claimed_unless_someone_outside_the_write_holds_it()
    {
        AssertBson("""{ "_id": { "type": 5, "value": "a@b.fr" }, "personId": { "$in": [ "p-1", "p-2" ] } }""",
            Render(Q.ClaimableBy(Ids.Email("a@b.fr"), ["p-1", "p-2"])));
        AssertBson("""{ "$setOnInsert": { "personId": "p-1", "claimedAt": { "$date": "2026-11-27T10:00:00Z" }, "write": "w1" } }""", Render(Q.Claim("p-1", "w1", Now)));
    }

    [Fact]
    public void A_claim_left_by_a_stopped_write_is_taken_over_only_as_it_was_read_and_a_refused_write_withdraws_only_its_own()
    {
        var claim = new IdentifierDocument { Id = Q.KeyOf(Ids.Email("a@b.fr")), PersonId = "p-9", ClaimedAt = Now, Write = "w0" };
        AssertBson("""{ "_id": { "type": 5, "value": "a@b.fr" } }""", Render(Q.IdentifierById(Ids.Email("a@b.fr"))));
        AssertBson("""{ "_id": { "type": 5, "value": "a@b.fr" }, "personId": "p-9", "write": "w0" }""", Render(Q.ClaimAsRead(claim)));
        AssertBson("""{ "_id": { "type": 5, "value": "a@b.fr" }, "personId": "p-9", "write": null }""", Render(Q.ClaimAsRead(new IdentifierDocument { Id = claim.Id, PersonId = "p-9" })));
        AssertBson("""{ "$set": { "personId": "p-1", "claimedAt": { "$date": "2026-11-27T10:00:00Z" }, "write": "w1" } }""", Render(Q.TakeOver("p-1", "w1", Now)));
        AssertBson("""{ "_id": { "$in": [ { "type": 5, "value": "a@b.fr" } ] }, "write": "w1" }""", Render(Q.ClaimsOf([Ids.Email("a@b.fr")], "w1")));
    }

    [Fact]
    public void Interactions_are_keyed_by_source_and_id_and_follow_their_person()
    {
        AssertBson("""{ "_id": { "source": "cti", "id": "c9" } }""", Render(Q.InteractionById(new InteractionKey { Source = "cti", Id = "c9" })));
        AssertBson("""{ "_id": { "$in": [ { "source": "cti", "id": "c9" }, { "source": "portal", "id": "f1" } ] } }""",
            Render(Q.InteractionsIn([new InteractionKey { Source = "cti", Id = "c9" }, new InteractionKey { Source = "portal", Id = "f1" }])));
        AssertBson("""{ "personId": { "$in": [ "p-2" ] } }""", Render(Q.InteractionsOf(["p-2"])));
        AssertBson("""{ "$set": { "personId": "p-1" } }""", Render(Q.MoveTo("p-1")));
    }

    [Fact]
    public void The_creation_sequence_is_one_counter_incremented_in_place()
    {
        AssertBson("""{ "_id": "person" }""", Render(Q.Counter(Q.PersonSequence)));
        AssertBson("""{ "$inc": { "value": NumberLong(1) } }""", Render(Q.Increment()));
    }

    [Fact]
    public void The_index_created_at_start_finds_a_persons_interactions()
    {
        var index = Q.InteractionsByPerson();

        AssertBson("""{ "personId": 1 }""", index.Keys.Render(new RenderArgs<InteractionDocument>(BsonSerializer.LookupSerializer<InteractionDocument>(), BsonSerializer.SerializerRegistry)));
        Assert.Equal("interactions_by_person", index.Options.Name);
    }

    [Fact]
    public void Merged_people_are_found_by_their_survivor_through_a_sparse_index()
    {
        var index = Q.PeopleBySurvivor();

        AssertBson("""{ "mergedInto": { "$in": [ "p-1", "p-2" ] } }""", Render(Q.MergedInto(["p-1", "p-2"])));
        AssertBson("""{ "mergedInto": 1 }""", index.Keys.Render(new RenderArgs<PersonDocument>(BsonSerializer.LookupSerializer<PersonDocument>(), BsonSerializer.SerializerRegistry)));
        Assert.Equal("people_by_survivor", index.Options.Name);
        Assert.True(index.Options.Sparse);
    }

    [Fact]
    public void Domain_values_keep_their_json_shape_in_bson_and_come_back_equal()
    {
        var call = Journeys.Contact("c1", 0, Channel.Phone, "pas.rate", Ids.Phone("+33611111111")) with { AnnouncedDeadline = Journeys.Day(15) };

        var document = BsonJson.ToDocument(call);

        Assert.Equal((int)Channel.Phone, document["channel"].ToInt32());
        Assert.Equal("pas.rate", document["subject"]["motive"].AsString);
        Assert.Equal((int)IdentifierType.Phone, document["identifiers"][0]["type"].ToInt32());
        Assert.Equal(Journeys.Day(15), DateTimeOffset.Parse(document["announcedDeadline"].AsString, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(call, BsonJson.From<Interaction>(document), InteractionComparer.Instance);
    }

    [Fact]
    public void An_erasure_keeps_tombstones_by_hash_records_itself_and_removes_everything_naming_its_people()
    {
        AssertBson("""{ "_id": "AB12" }""", Render(Q.TombstoneById("AB12")));
        AssertBson("""{ "$max": { "until": ISODate("2026-11-27T10:00:00Z") } }""", Render(Q.KeepUntil(Now)));
        AssertBson("""{ "_id": { "$in": [ "AB12", "CD34" ] } }""", Render(Q.TombstonesIn(["AB12", "CD34"])));
        AssertBson("""{ "until": { "$lt": ISODate("2026-11-27T10:00:00Z") } }""", Render(Q.TombstonesBefore(Now)));
        AssertBson("""{ "_id": "e-1" }""", Render(Q.ErasureById("e-1")));
        AssertBson("""{ "$setOnInsert": { "at": ISODate("2026-11-27T10:00:00Z"), "requestedBy": "dpo", "reason": "n° 15" }, "$addToSet": { "personIds": { "$each": [ "p-1", "p-2" ] } } }""", Render(Q.BeginErasure(Now, "dpo", "n° 15", ["p-1", "p-2"])));
        AssertBson("""{ "$set": { "done": true, "personIds": [], "people": 2, "interactions": 5, "identifiers": 4, "decisions": 1 } }""", Render(Q.FinishErasure(2, 5, 4, 1)));
        AssertBson("""{ "_id": { "$in": [ "p-1", "p-2" ] } }""", Render(Q.PeopleIn(["p-1", "p-2"])));
        AssertBson("""{ "personId": { "$in": [ "p-1", "p-2" ] } }""", Render(Q.IdentifiersOf(["p-1", "p-2"])));
        AssertBson("""{ "personId": { "$in": [ "p-1", "p-2" ] } }""", Render(Q.DecisionsOf(["p-1", "p-2"])));
        var tombstones = Q.TombstonesExpiry();
        AssertBson("""{ "until": 1 }""", tombstones.Keys.Render(new RenderArgs<TombstoneDocument>(BsonSerializer.LookupSerializer<TombstoneDocument>(), BsonSerializer.SerializerRegistry)));
        Assert.Equal(TimeSpan.Zero, tombstones.Options.ExpireAfter);
        var decisions = Q.DecisionsByPerson();
        AssertBson("""{ "personId": 1 }""", decisions.Keys.Render(new RenderArgs<DecisionDocument>(BsonSerializer.LookupSerializer<DecisionDocument>(), BsonSerializer.SerializerRegistry)));
    }

    [Fact]
    public void Retention_pages_through_live_people_and_removes_interactions_from_their_person_only()
    {
        AssertBson("""{ "mergedInto": null, "_id": { "$gt": "p-1" } }""", Render(Q.LivePeopleAfter("p-1")));
        AssertBson("""{ "mergedInto": null, "_id": { "$gt": "" } }""", Render(Q.LivePeopleAfter(null)));
        AssertBson("""{ "_id": { "$in": [ { "source": "test", "id": "a" } ] }, "personId": "p-1" }""", Render(Q.InteractionsOfPerson([Journeys.Key("a")], "p-1")));
        AssertBson("""{ "$setOnInsert": { "value": "c2VjcmV0" } }""", Render(Q.SetOnInsert("c2VjcmV0")));
    }
}
