using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;
using Omnichannel.Journey.Tests.Support;
using Xunit;

namespace Omnichannel.Journey.Tests.Store;

/// <summary>The store contract on SQLite, in a folder of its own, holding up to <paramref name="cachedPeople"/> people in memory.</summary>
public abstract class SqliteStoreContract(int cachedPeople) : JourneyStoreContract
{
    protected static readonly JourneyClassifier Classifier = new(ReiterationWindows.Standard);

    protected string Folder { get; } = Directory.CreateTempSubdirectory("omnichannel-store-").FullName;

    private string? _last;

    protected override async Task<IJourneyStore> CreateStoreAsync()
    {
        _last = Path.Combine(Folder, $"{Guid.NewGuid():N}.db");
        var store = new SqliteJourneyStore(_last, Classifier, cachedPeople);
        await store.InitializeAsync(Cancel);
        return store;
    }

    protected override async Task<IJourneyStore> CreateReplicaAsync()
    {
        var store = new SqliteJourneyStore(_last!, Classifier, cachedPeople);
        await store.InitializeAsync(Cancel);
        return store;
    }

    /// <summary>Every row of every table of the file, as text.</summary>
    protected override async Task<string> DumpAsync(IJourneyStore store)
    {
        var path = ((SqliteJourneyStore)store).Path;
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Cancel);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await rows.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    // Compressed JSON (interaction bodies, reclassifications) as its text: what is in it must show.
                    text.Append(table).Append('|').Append(reader.IsDBNull(i) ? "" : CompressedJson.Text(reader.GetValue(i))).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task An_erased_person_s_identifiers_are_not_left_in_the_file_s_bytes_nor_its_write_ahead_log()
    {
        var store = (SqliteJourneyStore)Store;
        var stitcher = new JourneyStitcher(store, Classifier);
        foreach (var (id, day) in new[] { ("b-1", 0), ("b-2", 1), ("b-3", 2) })
        {
            await stitcher.StitchAsync(Journeys.Contact(id, day, Channel.Web, "pas.rate", Ids.Account("bytes-a1"), Ids.Email("octets.effaces@example.fr")), Cancel);
        }

        await stitcher.StitchAsync(Journeys.Contact("b-other", 0, Channel.Web, "pas.rate", Ids.Account("bytes-other")), Cancel);
        var person = Assert.Single(await store.LoadOwnersAsync([Ids.Account("bytes-a1")], Cancel)).Snapshot.Id;

        await stitcher.EraseAsync(new ErasePerson { ErasureId = "bytes", PersonId = person, RequestedBy = "dpo", Reason = "test", RequestedAt = Journeys.Day(10) }, Cancel);

        SqliteConnection.ClearAllPools();
        var bytes = System.Text.Encoding.Latin1.GetString([.. File.ReadAllBytes(store.Path), .. File.Exists(store.Path + "-wal") ? File.ReadAllBytes(store.Path + "-wal") : []]);
        Assert.DoesNotContain("octets.effaces@example.fr", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes-a1", bytes, StringComparison.Ordinal);
        Assert.Contains("bytes-other", bytes, StringComparison.Ordinal);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The store contract on SQLite, the embedded default, plus its schema migrations and its people held in memory.</summary>
public sealed class SqliteJourneyStoreTests() : SqliteStoreContract(SqliteJourneyStore.DefaultCachedPeople)
{

    [Fact]
    public async Task A_file_of_the_first_schema_is_migrated_at_start_and_keeps_its_data()
    {
        var path = Path.Combine(Folder, "v1.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);
                CREATE TABLE people (id TEXT PRIMARY KEY, creation_sequence INTEGER NOT NULL, version INTEGER NOT NULL, merged_into TEXT NULL, snapshot TEXT NOT NULL);
                CREATE TABLE identifiers (type INTEGER NOT NULL, value TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (type, value));
                CREATE TABLE interactions (source TEXT NOT NULL, id TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (source, id));
                CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO sequences VALUES ('person', 7);
                INSERT INTO interactions VALUES ('test', 'old', 'p-1');
                """;
            await command.ExecuteNonQueryAsync(Cancel);
        }

        var store = new SqliteJourneyStore(path, Classifier);
        await store.InitializeAsync(Cancel);

        var old = new InteractionKey { Source = "test", Id = "old" };
        var recorded = (await store.FindRecordedAsync([old], Cancel))[old];
        Assert.Equal("p-1", recorded.PersonId);
        Assert.Empty(recorded.Changes);
        var created = await new JourneyStitcher(store, Classifier)
            .StitchAsync(Journeys.Contact("new", 0, Channel.Phone, "m", Ids.Phone("+33611111111")), Cancel);
        Assert.Equal(8, (await store.LoadPersonAsync(created.Reclassified.PersonId, Cancel))!.Snapshot.CreationSequence);
    }

    [Fact]
    public async Task A_file_that_stored_classifications_and_whole_journeys_is_migrated_and_reads_the_same_journeys()
    {
        var path = Path.Combine(Folder, "v3.db");
        var engine = new Domain.Engine.JourneyEngine(Classifier, () => 1);
        var first = Journeys.Contact("first", 0, Channel.Phone, "m", Ids.Phone("+33611111111"));
        var again = Journeys.Contact("again", 2, Channel.Email, "m", Ids.Phone("+33611111111"));
        engine.Apply(first);
        var person = engine.FindPerson(engine.Apply(again).PersonId)!;
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var snapshot = System.Text.Json.JsonSerializer.Serialize(Domain.Engine.JourneyEngine.Snapshot(person), web);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            // Schema 3, as an earlier build left it: the whole journey in the person's snapshot, classifications
            // stored with the person (here stale on purpose), the interactions recorded with their bodies.
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (3);
                CREATE TABLE people (id TEXT PRIMARY KEY, creation_sequence INTEGER NOT NULL, version INTEGER NOT NULL, merged_into TEXT NULL, snapshot TEXT NOT NULL, classifications TEXT NOT NULL DEFAULT '[]');
                CREATE TABLE identifiers (type INTEGER NOT NULL, value TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (type, value));
                CREATE INDEX identifiers_by_person ON identifiers (person_id);
                CREATE TABLE interactions (source TEXT NOT NULL, id TEXT NOT NULL, person_id TEXT NOT NULL, body TEXT NULL, reclassified TEXT NULL, PRIMARY KEY (source, id));
                CREATE INDEX interactions_by_person ON interactions (person_id);
                CREATE INDEX people_by_survivor ON people (merged_into) WHERE merged_into IS NOT NULL;
                CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO sequences VALUES ('person', 1);
                INSERT INTO people (id, creation_sequence, version, snapshot, classifications) VALUES ($id, 1, 2, $snapshot, '[]');
                INSERT INTO identifiers VALUES (4, '+33611111111', $id);
                INSERT INTO interactions (source, id, person_id, body, reclassified) VALUES ($source, 'first', $id, $first, '{}'), ($source, 'again', $id, $again, '{}');
                """;
            command.Parameters.AddWithValue("$id", person.Id);
            command.Parameters.AddWithValue("$snapshot", snapshot);
            command.Parameters.AddWithValue("$source", first.Source);
            command.Parameters.AddWithValue("$first", System.Text.Json.JsonSerializer.Serialize(first, web));
            command.Parameters.AddWithValue("$again", System.Text.Json.JsonSerializer.Serialize(again, web));
            await command.ExecuteNonQueryAsync(Cancel);
        }

        var store = new SqliteJourneyStore(path, Classifier);
        await store.InitializeAsync(Cancel);

        var journey = (await store.LoadJourneyAsync(person.Id, Cancel))!;
        Assert.Equal(person.Entries, journey.Person.Snapshot.Journey);
        Assert.Equal(["first", "again"], journey.Interactions.Select(i => i.Id));
        Assert.Equal(engine.Classify(person).OfType<InteractionClassification>(), journey.Classifications);
        Assert.Equal([ContactKind.FirstContact, ContactKind.Reiteration], journey.Classifications.Select(c => c.Kind));
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pragma_table_info('people') WHERE name = 'classifications'";
            Assert.Equal(0L, await command.ExecuteScalarAsync(Cancel));
            // The snapshot keeps identifiers and conflicts; the entries live with the interactions.
            command.CommandText = "SELECT json_array_length(snapshot, '$.journey') FROM people";
            Assert.Equal(0L, await command.ExecuteScalarAsync(Cancel));
        }

        // A new interaction goes on from the migrated journey.
        var third = await new JourneyStitcher(store, Classifier).StitchAsync(Journeys.Contact("third", 4, Channel.Web, "m", Ids.Phone("+33611111111")), Cancel);
        Assert.Equal(person.Id, third.Reclassified.PersonId);
        var warm = (await store.LoadJourneyAsync(person.Id, Cancel))!;
        Assert.Equal(["first", "again", "third"], warm.Person.Snapshot.Journey.Select(e => e.Key.Id));

        // The migrated rows keep their entries as JSON; a new one is derived from its body as it is read, and the
        // journey read from the file alone (no held snapshot) is the same with both kinds of rows.
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, entry FROM interactions ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            var entries = new List<(string, string)>();
            while (await reader.ReadAsync(Cancel))
            {
                entries.Add((reader.GetString(0), reader.GetString(1)));
            }

            Assert.Equal(["again", "first", "third"], entries.Select(e => e.Item1));
            Assert.All(entries.Take(2), e => Assert.StartsWith("{", e.Item2, StringComparison.Ordinal));
            Assert.Equal("", entries[2].Item2);
        }

        await store.DisposeAsync();
        var cold = new SqliteJourneyStore(path, Classifier, cachedPeople: 0);
        await cold.InitializeAsync(Cancel);
        var read = (await cold.LoadJourneyAsync(person.Id, Cancel))!;
        Assert.Equal(warm.Person.Snapshot.Journey, read.Person.Snapshot.Journey);
        Assert.Equal(warm.Classifications, read.Classifications);
        await cold.DisposeAsync();
    }

    [Fact]
    public async Task A_person_held_in_memory_is_read_again_once_another_process_changed_it_and_never_read_stale()
    {
        var path = Path.Combine(Folder, "two-writers.db");
        var one = new SqliteJourneyStore(path, Classifier);
        var other = new SqliteJourneyStore(path, Classifier);
        await one.InitializeAsync(Cancel);
        await other.InitializeAsync(Cancel);
        var phone = Ids.Phone("+33611111111");
        var created = await new JourneyStitcher(one, Classifier).StitchAsync(Journeys.Contact("a", 0, Channel.Phone, "m", phone), Cancel);
        var id = created.Reclassified.PersonId;
        Assert.Equal(1, (await one.LoadPersonAsync(id, Cancel))!.Version);

        // Another replica on the same file changes the person that `one` holds at version 1.
        await new JourneyStitcher(other, Classifier).StitchAsync(Journeys.Contact("b", 1, Channel.Email, "m", phone, Ids.Email("usager@exemple.fr")), Cancel);

        var reread = (await one.LoadPersonAsync(id, Cancel))!;
        Assert.Equal(2, reread.Version);
        Assert.Equal(["a", "b"], reread.Snapshot.Journey.Select(e => e.Key.Id));
        Assert.Equal(2, reread.Snapshot.Identifiers.Count);
        // And `one` goes on from there: its next write expects version 2 and succeeds.
        await new JourneyStitcher(one, Classifier).StitchAsync(Journeys.Contact("c", 2, Channel.Web, "m", Ids.Email("usager@exemple.fr")), Cancel);
        var journey = (await other.LoadJourneyAsync(id, Cancel))!;
        Assert.Equal(["a", "b", "c"], journey.Interactions.Select(i => i.Id));
        Assert.Equal(3, journey.Person.Version);
        await one.DisposeAsync();
        await other.DisposeAsync();
    }

    /// <summary>
    /// Issue 22: writes that arrive together commit in one transaction without savepoints, whose journals SQLite
    /// spilled to temporary files for every write. A group in which one write lost a race is written again, each
    /// write in a savepoint: the loser undone alone (its interaction too, written before its identifier was
    /// found taken), the others of the group kept.
    /// </summary>
    [Fact]
    public async Task In_writes_that_arrive_together_the_one_that_lost_a_race_is_refused_alone_and_the_others_are_kept()
    {
        var path = Path.Combine(Folder, "group.db");
        var store = new SqliteJourneyStore(path, Classifier);
        await store.InitializeAsync(Cancel);
        Task Create(Interaction interaction)
        {
            var engine = new JourneyEngine();
            return store.SaveAsync(Write(interaction, engine.FindPerson(engine.Apply(interaction).PersonId)!, null), Cancel);
        }

        // Another connection holds the file's write lock: the writer waits on the first write while the others
        // queue behind it, and takes them together once the lock is free.
        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync(Cancel);
        var held = other.BeginTransaction(deferred: false);
        var first = Create(Journeys.Contact("first", 0, Channel.Phone, "m", Ids.Phone("+33600000000")));
        var a = Create(Journeys.Contact("a", 0, Channel.Phone, "m", Ids.Phone("+33611111111")));
        // Loaded before `a` was stored: it creates a second person for a's phone.
        var loser = Create(Journeys.Contact("loser", 0, Channel.Sms, "m", Ids.Email("b@exemple.fr"), Ids.Phone("+33611111111")));
        var c = Create(Journeys.Contact("c", 0, Channel.Phone, "m", Ids.Phone("+33622222222")));
        await Task.Delay(200, Cancel);
        held.Rollback();

        await Task.WhenAll(first, a, c);
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => loser);
        var recorded = await store.FindRecordedAsync([Journeys.Key("first"), Journeys.Key("a"), Journeys.Key("loser"), Journeys.Key("c")], Cancel);
        Assert.Equal(["a", "c", "first"], recorded.Keys.Select(k => k.Id).Order());
        Assert.Equal(["a"], Assert.Single(await store.LoadOwnersAsync([Ids.Phone("+33611111111")], Cancel)).Snapshot.Journey.Select(e => e.Key.Id));
        Assert.Empty(await store.LoadOwnersAsync([Ids.Email("b@exemple.fr")], Cancel));
        Assert.Equal(["c"], Assert.Single(await store.LoadOwnersAsync([Ids.Phone("+33622222222")], Cancel)).Snapshot.Journey.Select(e => e.Key.Id));
        await store.DisposeAsync();
    }

    [Fact]
    public async Task A_file_from_a_newer_build_is_refused_rather_than_written()
    {
        var path = Path.Combine(Folder, "newer.db");
        await new SqliteJourneyStore(path, Classifier).InitializeAsync(Cancel);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE schema_version SET version = {SqliteJourneyStore.SchemaVersion + 1}";
            await command.ExecuteNonQueryAsync(Cancel);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqliteJourneyStore(path, Classifier).InitializeAsync(Cancel));

        Assert.Contains($"schema version {SqliteJourneyStore.SchemaVersion + 1}", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The store contract on SQLite with no snapshot held in memory: every load reads the person and its entries from the file.</summary>
public sealed class SqliteJourneyStoreWithoutCacheTests() : SqliteStoreContract(cachedPeople: 0);
