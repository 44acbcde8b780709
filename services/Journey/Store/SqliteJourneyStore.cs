using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Memory;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Sqlite;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Identity;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The journey store of the embedded default: one SQLite file in WAL mode. A person is a row holding its
/// identifiers and conflicts (JSON) and a version; each journey entry is kept with its interaction, written
/// once; classifications are derived when a journey is read. Identifiers and interactions are rows with
/// unique keys, so that two writers never give one identifier two owners nor record one interaction twice. Each
/// write checks every version it was loaded at; the writes of one process are committed in groups. The
/// snapshots of recently loaded or written people are kept parsed in memory by version: a load still asks
/// the file for the person's version, and reads and parses its snapshot only when it is not the one held.
/// </summary>
/// <remarks>
/// What is rule and what is mechanism: the rules are the engine's (<see cref="JourneyEngine"/> decides every
/// write); this class keeps them durable and race-free: unique keys and version checks turn a lost race into
/// a <see cref="ConcurrentChangeException"/>, never into two owners. The rest is mechanism from
/// <c>Omnichannel.Hosting.Sqlite</c>: the schema's steps (<see cref="SqliteSchema"/>), group commit
/// (<see cref="GroupCommit{TWork}"/>), the writer's statements (<see cref="PreparedStatement"/>), and the
/// cache of parsed snapshots.
/// </remarks>
public sealed class SqliteJourneyStore : IJourneyStore, IAsyncDisposable
{
    /// <summary>
    /// The <c>entry</c> of an interaction whose journey entry is its body's (<see cref="JourneyEntry.From"/>), as
    /// every one written since schema 11: empty rather than a second copy of most of the body. NULL still means
    /// no entry (schema 1), and a JSON entry (schemas 5 to 10) is read as written.
    /// </summary>
    private const string DerivedEntry = "";

    /// <summary>The parsed snapshots kept by default: a few kilobytes each.</summary>
    public const int DefaultCachedPeople = 20_000;

    /// <summary>The most writes one transaction commits.</summary>
    private const int MaxGroup = 256;

    /// <summary>Schema steps, applied in order from the version a file has; never edit one that shipped.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE people (
            id TEXT PRIMARY KEY, creation_sequence INTEGER NOT NULL, version INTEGER NOT NULL,
            merged_into TEXT NULL, snapshot TEXT NOT NULL);
        CREATE TABLE identifiers (
            type INTEGER NOT NULL, value TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (type, value));
        CREATE INDEX identifiers_by_person ON identifiers (person_id);
        CREATE TABLE interactions (
            source TEXT NOT NULL, id TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (source, id));
        CREATE INDEX interactions_by_person ON interactions (person_id);
        CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO sequences (name, value) VALUES ('person', 0);
        """,
        """
        ALTER TABLE people ADD COLUMN classifications TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE interactions ADD COLUMN body TEXT NULL;
        ALTER TABLE interactions ADD COLUMN reclassified TEXT NULL;
        """,
        """
        CREATE INDEX people_by_survivor ON people (merged_into) WHERE merged_into IS NOT NULL;
        """,
        // Classifications follow from the journey: derived on read rather than rewritten whole at every change.
        """
        ALTER TABLE people DROP COLUMN classifications;
        """,
        // A journey entry lives with its interaction, written once; the person's snapshot keeps its identifiers
        // and conflicts only, instead of its whole journey rewritten at every change. Entries of the journeys
        // stored so far are taken from the live people's snapshots (interactions of schema 1 have no body).
        """
        ALTER TABLE interactions ADD COLUMN entry TEXT NULL;
        CREATE TEMP TABLE stored_entries (source TEXT NOT NULL, id TEXT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (source, id));
        INSERT OR IGNORE INTO stored_entries (source, id, entry)
            SELECT json_extract(j.value, '$.key.source'), json_extract(j.value, '$.key.id'), j.value
            FROM people p, json_each(p.snapshot, '$.journey') j WHERE p.merged_into IS NULL;
        UPDATE interactions SET entry = (SELECT e.entry FROM stored_entries e WHERE e.source = interactions.source AND e.id = interactions.id);
        DROP TABLE stored_entries;
        UPDATE people SET snapshot = json_set(snapshot, '$.journey', json('[]'));
        """,
        // What the journey role recorded for its readers: the classification policy it classifies with.
        """
        CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        // Decisions about identities (an advisor's verification, a referent's merge), each applied once, with
        // the reclassification it published.
        """
        CREATE TABLE decisions (id TEXT PRIMARY KEY, person_id TEXT NOT NULL, body TEXT NOT NULL, reclassified TEXT NOT NULL);
        """,
        // What interactions declared without linking, by identifier: the claims of the referents' work list.
        """
        CREATE TABLE declarations (source TEXT NOT NULL, id TEXT NOT NULL, type INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (source, id, type, value));
        CREATE INDEX declarations_by_identifier ON declarations (type, value);
        """,
        // Data protection: erasures done (counts only), and the keyed hashes of what they erased, kept for a period.
        """
        CREATE TABLE erasures (
            id TEXT PRIMARY KEY, at TEXT NOT NULL, requested_by TEXT NOT NULL, reason TEXT NOT NULL,
            people INTEGER NOT NULL, interactions INTEGER NOT NULL, identifiers INTEGER NOT NULL, decisions INTEGER NOT NULL);
        CREATE TABLE tombstones (hash TEXT PRIMARY KEY, until INTEGER NOT NULL);
        CREATE INDEX tombstones_by_until ON tombstones (until);
        """,
        // The work lists: promises (acknowledgements due, announced deadlines) by service and instant (UTC ticks).
        """
        CREATE TABLE promises (
            source TEXT NOT NULL, id TEXT NOT NULL, verdict INTEGER NOT NULL, due INTEGER NOT NULL, service TEXT NOT NULL,
            PRIMARY KEY (source, id, verdict, due)) WITHOUT ROWID;
        CREATE INDEX promises_by_service_due ON promises (service, due);
        """,
        // From here, an interaction's journey entry is derived from its body as it is read: new rows keep an
        // empty entry (see DerivedEntry) instead of a second copy of most of the body; and their body and
        // reclassification are compressed JSON blobs (CompressedJson). Nothing to change in the rows stored so
        // far (text is read as JSON); the step is there so that an earlier build, which can read neither,
        // refuses the file rather than misreads it.
        """
        SELECT 1;
        """,
    ];

    private static readonly SqliteSchema Schema = new("journey store", Migrations);

    private const string PolicySetting = "classification-policy";

    /// <summary>The stored JSON's shapes, made by the source generator (see <see cref="StoredJson"/>).</summary>
    private static readonly JsonSerializerOptions Json = StoredJson.Default.Options;
    private readonly SqliteFile _file;
    private readonly JourneyClassifier _classifier;

    /// <summary>
    /// Person id -> the snapshot at a version, as committed. A version names one content only (every change
    /// increments it, and only committed rows are held), so a held snapshot is used only when the file
    /// says the person is at that very version, which makes a stale entry a miss, never a wrong read.
    /// </summary>
    private readonly MemoryCache _snapshots;

    /// <summary>The writes of this process, committed in groups by one writer.</summary>
    private readonly GroupCommit<QueuedWrite> _writes;

    /// <summary>The writer's statements, on its own connection; made again after a failed group. The writer's only.</summary>
    private WriteStatements? _statements;

    /// <param name="path">The SQLite file.</param>
    /// <param name="classifier">Classifies a journey as it is read.</param>
    /// <param name="cachedPeople">How many people's parsed snapshots are kept in memory (0: none).</param>
    public SqliteJourneyStore(string path, JourneyClassifier classifier, int cachedPeople = DefaultCachedPeople)
    {
        _file = new SqliteFile(path);
        _classifier = classifier;
        _snapshots = new MemoryCache(new MemoryCacheOptions { SizeLimit = cachedPeople });
        _writes = new GroupCommit<QueuedWrite>(MaxGroup, Commit, Failed, TimeSpan.Zero);
    }

    /// <summary>The SQLite file.</summary>
    public string Path => _file.Path;

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => Schema.Version;

    public Task InitializeAsync(CancellationToken cancellationToken) => Schema.MigrateAsync(_file, cancellationToken);

    public async Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var found = new Dictionary<InteractionKey, ContactsReclassified>();
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null, "SELECT reclassified, person_id FROM interactions WHERE source = $source AND id = $id", ("$source", ""), ("$id", ""));
        foreach (var key in interactions)
        {
            command.Parameters["$source"].Value = key.Source;
            command.Parameters["$id"].Value = key.Id;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                // Recorded before the reclassification was kept (schema 1): nothing to publish again.
                found[key] = reader.IsDBNull(0)
                    ? new ContactsReclassified { PersonId = reader.GetString(1), Cause = key, Changes = [] }
                    : CompressedJson.Read(reader.GetValue(0), StoredJson.Default.ContactsReclassified);
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<StoredPerson>> ListPeopleWithConflictsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var ids = new List<string>();
        await using (var list = SqliteFile.Command(connection, transaction,
            """
            SELECT id FROM people WHERE merged_into IS NULL
              AND (json_array_length(snapshot, '$.conflicts') > 0 OR coalesce(json_array_length(snapshot, '$.sharedIdentifiers'), 0) > 0)
            ORDER BY id LIMIT $limit
            """, ("$limit", limit)))
        {
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        await using var load = new PersonLoader(connection, transaction, _snapshots);
        var people = new List<StoredPerson>(ids.Count);
        foreach (var id in ids)
        {
            if (await load.LoadAsync(id, cancellationToken) is { } person)
            {
                people.Add(person);
            }
        }

        return people;
    }

    public async Task<IReadOnlyList<string>> FindDeclaringPeopleAsync(Identifier identifier, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var find = SqliteFile.Command(connection, null, """
            SELECT DISTINCT i.person_id FROM declarations d JOIN interactions i ON i.source = d.source AND i.id = d.id
            WHERE d.type = $type AND d.value = $value ORDER BY i.person_id LIMIT $limit
            """, ("$type", (int)identifier.Type), ("$value", identifier.Value), ("$limit", limit));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        var people = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add(reader.GetString(0));
        }

        return people;
    }

    public async Task<IReadOnlyList<StoredClaim>> ListClaimsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var list = SqliteFile.Command(connection, null, """
            SELECT d.source, d.id, d.type, d.value, i.person_id, o.person_id
            FROM declarations d
            JOIN interactions i ON i.source = d.source AND i.id = d.id
            JOIN identifiers o ON o.type = d.type AND o.value = d.value
            WHERE o.person_id <> i.person_id
            ORDER BY d.source, d.id LIMIT $limit
            """, ("$limit", limit));
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var claims = new List<StoredClaim>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claims.Add(new StoredClaim(
                new InteractionKey { Source = reader.GetString(0), Id = reader.GetString(1) },
                new Identifier { Type = (IdentifierType)reader.GetInt32(2), Value = reader.GetString(3) },
                reader.GetString(4),
                reader.GetString(5)));
        }

        return claims;
    }

    public async Task<ContactsReclassified?> FindDecisionAsync(string decisionId, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null, "SELECT reclassified FROM decisions WHERE id = $id", ("$id", decisionId));
        return await command.ExecuteScalarAsync(cancellationToken) is string reclassified
            ? JsonSerializer.Deserialize<ContactsReclassified>(reclassified, Json)
            : null;
    }

    public async Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        await using var connection = await _file.OpenAsync(cancellationToken);
        // One read transaction (every owner as of one instant), its statements compiled once for the batch.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var ownerOf = SqliteFile.Command(connection, transaction, "SELECT person_id FROM identifiers WHERE type = $type AND value = $value", ("$type", 0), ("$value", ""));
        await using var load = new PersonLoader(connection, transaction, _snapshots);
        var owners = new List<StoredPerson>();
        foreach (var identifier in identifiers)
        {
            ownerOf.Parameters["$type"].Value = (int)identifier.Type;
            ownerOf.Parameters["$value"].Value = identifier.Value;
            if (await ownerOf.ExecuteScalarAsync(cancellationToken) is string personId
                && owners.TrueForAll(o => o.Snapshot.Id != personId)
                && await load.LoadAsync(personId, cancellationToken) is { } person
                && owners.TrueForAll(o => o.Snapshot.Id != person.Snapshot.Id))
            {
                owners.Add(person);
            }
        }

        return owners;
    }

    public async Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var load = new PersonLoader(connection, transaction, _snapshots);
        return await load.LoadAsync(personId, cancellationToken);
    }

    public async Task RecordClassificationPolicyAsync(string policy, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var upsert = SqliteFile.Command(connection, null,
            "INSERT INTO settings (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            ("$name", PolicySetting), ("$value", policy));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> ReadClassificationPolicyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var read = SqliteFile.Command(connection, null, "SELECT value FROM settings WHERE name = $name", ("$name", PolicySetting));
        return await read.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        // One read transaction: the person and its interactions as of one instant.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var load = new PersonLoader(connection, transaction, _snapshots);
        if (await load.LoadAsync(personId, cancellationToken) is not { } person)
        {
            return null;
        }

        await using var bodies = SqliteFile.Command(connection, transaction, "SELECT body FROM interactions WHERE person_id = $id AND body IS NOT NULL", ("$id", person.Snapshot.Id));
        await using var reader = await bodies.ExecuteReaderAsync(cancellationToken);
        var interactions = new List<Interaction>(person.Snapshot.Journey.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            interactions.Add(CompressedJson.Read(reader.GetValue(0), StoredJson.Default.Interaction));
        }

        await reader.DisposeAsync();
        // Everyone merged into this person, directly or through an earlier survivor.
        await using var merged = SqliteFile.Command(connection, transaction, """
            WITH RECURSIVE absorbed(id) AS (
                SELECT id FROM people WHERE merged_into = $id
                UNION SELECT people.id FROM people JOIN absorbed ON people.merged_into = absorbed.id)
            SELECT id FROM absorbed ORDER BY id
            """, ("$id", person.Snapshot.Id));
        await using var mergedReader = await merged.ExecuteReaderAsync(cancellationToken);
        var mergedIds = new List<string>();
        while (await mergedReader.ReadAsync(cancellationToken))
        {
            mergedIds.Add(mergedReader.GetString(0));
        }

        return PersonJourney.Read(person, interactions, mergedIds, _classifier);
    }

    /// <summary>
    /// Queues the write for the one writer of this process, which commits every write waiting in one
    /// transaction (group commit: one disk flush for many messages), each inside a savepoint so that a
    /// write that lost a race is undone alone and reported to its caller. The JSON is made here, on the
    /// caller's thread, so that the writer only writes.
    /// </summary>
    public Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var queued = new QueuedWrite(
            write,
            [.. write.Interactions.Select(i => (CompressedJson.Pack(i.Interaction, StoredJson.Default.Interaction), CompressedJson.Pack(i.Reclassified, StoredJson.Default.ContactsReclassified)))],
            [.. write.People.Select(p => JsonSerializer.Serialize(p.Person with { Journey = [] }, Json))],
            [.. write.Decisions.Select(d => (JsonSerializer.Serialize(d.Decision, Json), JsonSerializer.Serialize(d.Reclassified, Json)))],
            [.. write.Interactions.SelectMany(i => IdentityLinks.Informing(i.Interaction.Identifiers, i.Interaction.Channel).Select(d => (i.Interaction.Key, d)))])
        {
            Promises = [.. StoredPromise.OpenedBy(write)],
        };
        if (!_writes.TryEnqueue(queued))
        {
            throw new ObjectDisposedException(nameof(SqliteJourneyStore));
        }

        return queued.Done.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<InteractionKey>> FindTombstonedAsync(IReadOnlyCollection<InteractionKey> keys, Erasure.Tombstones tombstones, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(tombstones);
        var found = new HashSet<InteractionKey>();
        await using var connection = await _file.OpenAsync(cancellationToken);
        // Most stores have erased nobody: one look at the table spares hashing and looking up every key.
        await using (var any = SqliteFile.Command(connection, null, "SELECT 1 FROM tombstones LIMIT 1"))
        {
            if (await any.ExecuteScalarAsync(cancellationToken) is null)
            {
                return found;
            }
        }

        await using var command = SqliteFile.Command(connection, null, "SELECT 1 FROM tombstones WHERE hash = $hash", ("$hash", ""));
        foreach (var key in keys)
        {
            command.Parameters["$hash"].Value = tombstones.Of(key);
            if (await command.ExecuteScalarAsync(cancellationToken) is not null)
            {
                found.Add(key);
            }
        }

        return found;
    }

    /// <summary>In one transaction of the writer: the person, its predecessors, identifiers, interactions, declarations and decisions go; tombstones and the erasure's record come.</summary>
    public async Task<ErasureReport> EraseAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        ErasureReport? report = null;
        var erased = await RunOnWriterAsync(QueuedWrite.Of((sql, transaction) =>
        {
            // Every byte of what goes is overwritten, freed pages included (SQLite leaves deleted content in
            // place otherwise). For the erasure only: on every write it cost 16% of the embedded throughput.
            using (var secure = SqliteFile.Command(sql.Connection, transaction, "PRAGMA secure_delete = ON"))
            {
                secure.ExecuteNonQuery();
            }

            try
            {
                report = Erase(sql.Connection, transaction, erasure);
            }
            finally
            {
                using var usual = SqliteFile.Command(sql.Connection, transaction, "PRAGMA secure_delete = OFF");
                usual.ExecuteNonQuery();
            }

            return [];
        }, erasure.PersonIds), () => report!, cancellationToken);
        if (erasure.ErasureId is not null)
        {
            // The write-ahead log still holds the pages as they were before: copied into the file and emptied
            // now rather than at the next automatic checkpoint. Best effort: a reader in the way delays it.
            await using var connection = await _file.OpenAsync(cancellationToken);
            await using var checkpoint = SqliteFile.Command(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)");
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }

        return erased;
    }

    private static ErasureReport Erase(SqliteConnection connection, SqliteTransaction transaction, PersonErasure erasure)
    {
        SqliteCommand Command(string sql, params (string, object?)[] parameters) => SqliteFile.Command(connection, transaction, sql, parameters);
        if (erasure.ErasureId is { } erasureId)
        {
            using var done = Command($"SELECT {ErasureColumns} FROM erasures WHERE id = $id", ("$id", erasureId));
            using var reader = done.ExecuteReader();
            if (reader.Read())
            {
                return ReadErasure(erasureId, reader);
            }
        }

        var people = 0;
        if (erasure.ExpectedVersion is { } version)
        {
            using var survivor = Command("DELETE FROM people WHERE id = $id AND version = $version AND merged_into IS NULL", ("$id", erasure.PersonId), ("$version", version));
            if (survivor.ExecuteNonQuery() != 1)
            {
                throw new ConcurrentChangeException($"person {erasure.PersonId} changed since version {version}");
            }

            people++;
        }

        var (interactions, identifiers, decisions) = (0, 0, 0);
        using var tombstone = Command("INSERT OR IGNORE INTO tombstones (hash, until) VALUES ($hash, $until)", ("$hash", ""), ("$until", erasure.TombstonesUntil.ToUnixTimeSeconds()));
        void Bury(InteractionKey key)
        {
            if (erasure.Tombstones is { } tombstones)
            {
                tombstone.Parameters["$hash"].Value = tombstones.Of(key);
                tombstone.ExecuteNonQuery();
            }
        }

        using var absorbed = Command("DELETE FROM people WHERE id = $id AND merged_into IS NOT NULL", ("$id", ""));
        using var interactionsOf = Command("DELETE FROM interactions WHERE person_id = $id RETURNING source, id", ("$id", ""));
        using var declarations = Command("DELETE FROM declarations WHERE source = $source AND id = $key", ("$source", ""), ("$key", ""));
        using var promises = Command("DELETE FROM promises WHERE source = $source AND id = $key", ("$source", ""), ("$key", ""));
        using var identifiersOf = Command("DELETE FROM identifiers WHERE person_id = $id", ("$id", ""));
        using var decisionsOf = Command("DELETE FROM decisions WHERE person_id = $id RETURNING id", ("$id", ""));
        foreach (var personId in erasure.PersonIds)
        {
            if (personId != erasure.PersonId || erasure.ExpectedVersion is null)
            {
                absorbed.Parameters["$id"].Value = personId;
                people += absorbed.ExecuteNonQuery();
            }

            var keys = new List<InteractionKey>();
            interactionsOf.Parameters["$id"].Value = personId;
            using (var reader = interactionsOf.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(new InteractionKey { Source = reader.GetString(0), Id = reader.GetString(1) });
                }
            }

            foreach (var key in keys)
            {
                foreach (var command in new[] { declarations, promises })
                {
                    command.Parameters["$source"].Value = key.Source;
                    command.Parameters["$key"].Value = key.Id;
                    command.ExecuteNonQuery();
                }

                Bury(key);
            }

            interactions += keys.Count;
            identifiersOf.Parameters["$id"].Value = personId;
            identifiers += identifiersOf.ExecuteNonQuery();
            decisionsOf.Parameters["$id"].Value = personId;
            var decided = new List<string>();
            using (var reader = decisionsOf.ExecuteReader())
            {
                while (reader.Read())
                {
                    decided.Add(reader.GetString(0));
                }
            }

            foreach (var decision in decided)
            {
                Bury(new InteractionKey { Source = ApplyIdentityDecision.DecisionSource, Id = decision });
            }

            decisions += decided.Count;
        }

        var report = new ErasureReport(erasure.ErasureId ?? "", erasure.At, people, interactions, identifiers, decisions) { RequestedBy = erasure.RequestedBy, Reason = erasure.Reason };
        if (erasure.ErasureId is not null)
        {
            using var record = Command($"INSERT INTO erasures ({ErasureColumns}, id) VALUES ($at, $people, $interactions, $identifiers, $decisions, $by, $reason, $id)",
                ("$id", report.ErasureId), ("$at", report.At.ToString("O")), ("$people", people), ("$interactions", interactions), ("$identifiers", identifiers), ("$decisions", decisions),
                ("$by", report.RequestedBy), ("$reason", report.Reason));
            record.ExecuteNonQuery();
        }

        return report;
    }

    public Task ExpireAsync(InteractionExpiry expiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expiry);
        return RunOnWriterAsync(QueuedWrite.Of((sql, transaction) =>
        {
            // A new version, so that no snapshot held in memory with the old journey is used again.
            using var person = SqliteFile.Command(sql.Connection, transaction, "UPDATE people SET version = version + 1 WHERE id = $id AND version = $version AND merged_into IS NULL",
                ("$id", expiry.PersonId), ("$version", expiry.ExpectedVersion));
            if (person.ExecuteNonQuery() != 1)
            {
                throw new ConcurrentChangeException($"person {expiry.PersonId} changed since version {expiry.ExpectedVersion}");
            }

            using var declarations = SqliteFile.Command(sql.Connection, transaction, "DELETE FROM declarations WHERE source = $source AND id = $key", ("$source", ""), ("$key", ""));
            using var promises = SqliteFile.Command(sql.Connection, transaction, "DELETE FROM promises WHERE source = $source AND id = $key", ("$source", ""), ("$key", ""));
            using var interaction = SqliteFile.Command(sql.Connection, transaction, "DELETE FROM interactions WHERE source = $source AND id = $key AND person_id = $person",
                ("$source", ""), ("$key", ""), ("$person", expiry.PersonId));
            foreach (var key in expiry.Interactions)
            {
                foreach (var command in new[] { declarations, promises, interaction })
                {
                    command.Parameters["$source"].Value = key.Source;
                    command.Parameters["$key"].Value = key.Id;
                    command.ExecuteNonQuery();
                }
            }

            return [];
        }, [expiry.PersonId]), () => true, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredPromise>> ListPromisesAsync(string service, DateTimeOffset after, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var list = SqliteFile.Command(connection, null, """
            SELECT p.source, p.id, p.verdict, p.due, p.service, i.person_id FROM promises p JOIN interactions i ON i.source = p.source AND i.id = p.id
            WHERE p.service = $service AND p.due > $after AND p.due <= $until ORDER BY p.due, p.source, p.id LIMIT $limit
            """, ("$service", service), ("$after", after.UtcTicks), ("$until", until.UtcTicks), ("$limit", limit));
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var promises = new List<StoredPromise>();
        while (await reader.ReadAsync(cancellationToken))
        {
            promises.Add(new StoredPromise(
                new InteractionKey { Source = reader.GetString(0), Id = reader.GetString(1) }, (Domain.Metrics.TimeVerdict)reader.GetInt32(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), reader.GetString(4), reader.GetString(5)));
        }

        return promises;
    }

    public async Task<IReadOnlyList<string>> ListPeopleAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var list = SqliteFile.Command(connection, null, "SELECT id FROM people WHERE merged_into IS NULL AND id > $after ORDER BY id LIMIT $limit", ("$after", after ?? ""), ("$limit", limit));
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public Task<int> PurgeTombstonesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var purged = 0;
        return RunOnWriterAsync(QueuedWrite.Of((sql, transaction) =>
        {
            using var purge = SqliteFile.Command(sql.Connection, transaction, "DELETE FROM tombstones WHERE hash IN (SELECT hash FROM tombstones WHERE until < $now LIMIT $limit)",
                ("$now", now.ToUnixTimeSeconds()), ("$limit", limit));
            purged = purge.ExecuteNonQuery();
            return [];
        }, []), () => purged, cancellationToken);
    }

    public async Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var create = SqliteFile.Command(connection, null, "INSERT OR IGNORE INTO settings (name, value) VALUES ($name, $value)",
            ("$name", name), ("$value", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
        await create.ExecuteNonQueryAsync(cancellationToken);
        await using var read = SqliteFile.Command(connection, null, "SELECT value FROM settings WHERE name = $name", ("$name", name));
        return Convert.FromBase64String((string)(await read.ExecuteScalarAsync(cancellationToken))!);
    }

    public async Task RecordRetentionReportAsync(Retention.RetentionReport report, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var upsert = SqliteFile.Command(connection, null,
            "INSERT INTO settings (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            ("$name", RetentionSetting), ("$value", JsonSerializer.Serialize(report, ReportJson)));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Retention.RetentionReport?> ReadRetentionReportAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var read = SqliteFile.Command(connection, null, "SELECT value FROM settings WHERE name = $name", ("$name", RetentionSetting));
        return await read.ExecuteScalarAsync(cancellationToken) is string value ? JsonSerializer.Deserialize<Retention.RetentionReport>(value, ReportJson) : null;
    }

    public async Task<IReadOnlyList<ApplyIdentityDecision>> ListDecisionsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var list = SqliteFile.Command(connection, null, "SELECT body FROM decisions WHERE person_id = $id", ("$id", ""));
        var decisions = new List<ApplyIdentityDecision>();
        foreach (var personId in personIds)
        {
            list.Parameters["$id"].Value = personId;
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                decisions.Add(JsonSerializer.Deserialize<ApplyIdentityDecision>(reader.GetString(0), Json)!);
            }
        }

        return [.. decisions.OrderBy(d => d.DecidedAt).ThenBy(d => d.DecisionId, StringComparer.Ordinal)];
    }

    public async Task<ErasureReport?> FindErasureAsync(string erasureId, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var find = SqliteFile.Command(connection, null, $"SELECT {ErasureColumns} FROM erasures WHERE id = $id", ("$id", erasureId));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadErasure(erasureId, reader) : null;
    }

    private const string ErasureColumns = "at, people, interactions, identifiers, decisions, requested_by, reason";

    private static ErasureReport ReadErasure(string erasureId, SqliteDataReader reader) =>
        new(erasureId, DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4))
        {
            RequestedBy = reader.GetString(5),
            Reason = reader.GetString(6),
        };

    /// <summary>Queues an operation for the one writer and returns what it reports once committed.</summary>
    private async Task<T> RunOnWriterAsync<T>(QueuedWrite queued, Func<T> result, CancellationToken cancellationToken)
    {
        if (!_writes.TryEnqueue(queued))
        {
            throw new ObjectDisposedException(nameof(SqliteJourneyStore));
        }

        await queued.Done.Task.WaitAsync(cancellationToken);
        return result();
    }

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web);

    private const string RetentionSetting = "retention-report";

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        _statements?.Dispose();
        _snapshots.Dispose();
    }

    /// <summary>
    /// One group in one immediate transaction. A write that lost a race (<see cref="ConcurrentChangeException"/>)
    /// is undone alone and reported to its caller; the others commit. Most groups lose none, so they are written
    /// without savepoints: a savepoint's journal holds every page its write changes, and SQLite spills it to a
    /// temporary file past 64 KB, written and dropped for every write (a quarter of the bytes the host wrote,
    /// issue 22). A group that loses a race is rolled back whole and written again, each write in a savepoint.
    /// </summary>
    private void Commit(List<QueuedWrite> group)
    {
        _statements ??= new WriteStatements(_file.Open());
        var outcomes = Write(_statements, group, eachInSavepoint: false) ?? Write(_statements, group, eachInSavepoint: true)!;
        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i].Lost is { } lost)
            {
                group[i].Done.SetException(lost);
                continue;
            }

            // Committed: the next load of these people finds them at these versions.
            foreach (var (id, version, snapshot) in outcomes[i].Written!)
            {
                Hold(_snapshots, id, version, snapshot);
            }

            foreach (var id in group[i].Forgotten)
            {
                _snapshots.Remove(id);
            }

            group[i].Done.SetResult();
        }
    }

    /// <summary>
    /// Writes the group in one transaction and commits it. Without savepoints, the first lost race rolls the
    /// whole transaction back and returns null; with them, a lost race undoes its own write alone.
    /// </summary>
    private (Exception? Lost, List<(string Id, long Version, PersonSnapshot Snapshot)>? Written)[]? Write(WriteStatements sql, List<QueuedWrite> group, bool eachInSavepoint)
    {
        var outcomes = new (Exception? Lost, List<(string Id, long Version, PersonSnapshot Snapshot)>? Written)[group.Count];
        using var transaction = sql.Begin();
        for (var i = 0; i < group.Count; i++)
        {
            if (eachInSavepoint)
            {
                transaction.Save("write");
            }

            try
            {
                outcomes[i] = (null, group[i].Operation is { } operation ? operation(sql, transaction) : WriteOne(sql, group[i], _snapshots));
            }
            catch (ConcurrentChangeException e) when (eachInSavepoint)
            {
                transaction.Rollback("write");
                outcomes[i] = (e, null);
            }
            catch (ConcurrentChangeException)
            {
                transaction.Rollback();
                return null;
            }

            if (eachInSavepoint)
            {
                transaction.Release("write");
            }
        }

        transaction.Commit();
        return outcomes;
    }

    /// <summary>The transaction did not commit: none of its writes happened. Their callers hear why; the next group starts on a new connection.</summary>
    private IEnumerable<QueuedWrite> Failed(List<QueuedWrite> group, Exception e)
    {
        foreach (var queued in group)
        {
            queued.Done.TrySetException(e);
        }

        _statements?.Dispose();
        _statements = null;
        return [];
    }

    /// <summary>Writes one change inside the group's transaction; returns the people as written, at their new versions.</summary>
    private static List<(string Id, long Version, PersonSnapshot Snapshot)> WriteOne(WriteStatements sql, QueuedWrite queued, MemoryCache snapshots)
    {
        var write = queued.Write;
        var written = new List<(string Id, long Version, PersonSnapshot Snapshot)>(write.People.Count);
        for (var i = 0; i < write.Interactions.Count; i++)
        {
            var recorded = write.Interactions[i];
            var (body, reclassified) = queued.Interactions[i];
            if (sql.InsertInteraction.Bind(1, recorded.Interaction.Source).Bind(2, recorded.Interaction.Id).Bind(3, recorded.PersonId)
                    .Bind(4, body).Bind(5, reclassified).Bind(6, DerivedEntry).Run() != 1)
            {
                throw new ConcurrentChangeException($"interaction {recorded.Interaction.Key} is already recorded");
            }

        }

        foreach (var (interaction, declared) in queued.Declarations)
        {
            sql.InsertDeclaration.Bind(1, interaction.Source).Bind(2, interaction.Id).Bind(3, (long)declared.Type).Bind(4, declared.Value).Run();
        }

        foreach (var promise in queued.Promises)
        {
            sql.InsertPromise.Bind(1, promise.Interaction.Source).Bind(2, promise.Interaction.Id).Bind(3, (long)promise.Verdict).Bind(4, promise.Due.UtcTicks).Bind(5, promise.Service).Run();
        }

        for (var i = 0; i < write.Decisions.Count; i++)
        {
            var decision = write.Decisions[i];
            if (sql.InsertDecision.Bind(1, decision.Decision.DecisionId).Bind(2, decision.PersonId).Bind(3, queued.Decisions[i].Body).Bind(4, queued.Decisions[i].Reclassified).Run() != 1)
            {
                throw new ConcurrentChangeException($"decision {decision.Decision.DecisionId} is already applied");
            }
        }

        // New people take their sequences in the order of their provisional ones: created first stays first.
        foreach (var i in Enumerable.Range(0, write.People.Count).OrderBy(i => write.People[i].Person.CreationSequence))
        {
            var (person, expected) = (write.People[i].Person, write.People[i].ExpectedVersion);
            var snapshot = queued.People[i];
            if (expected is { } version)
            {
                if (sql.UpdatePerson.Bind(1, snapshot).Bind(2, person.Id).Bind(3, version).Run() != 1)
                {
                    throw new ConcurrentChangeException($"person {person.Id} changed since version {version}");
                }

                written.Add((person.Id, version + 1, person));
            }
            else
            {
                // The snapshot keeps the engine's provisional sequence; the column is the truth (see LoadAsync).
                var sequence = sql.NextSequence.QueryInt64()!.Value;
                if (sql.InsertPerson.Bind(1, person.Id).Bind(2, sequence).Bind(3, snapshot).Run() != 1)
                {
                    throw new ConcurrentChangeException($"person {person.Id} already exists");
                }

                written.Add((person.Id, 1, person with { CreationSequence = sequence }));
            }
        }

        foreach (var absorbed in write.Absorbed)
        {
            if (sql.AbsorbPerson.Bind(1, absorbed.SurvivorId).Bind(2, absorbed.PersonId).Bind(3, absorbed.Version).Run() != 1)
            {
                throw new ConcurrentChangeException($"person {absorbed.PersonId} changed since version {absorbed.Version}");
            }

            sql.MoveInteractions.Bind(1, absorbed.SurvivorId).Bind(2, absorbed.PersonId).Run();
        }

        foreach (var moved in write.Moved)
        {
            if (sql.MoveInteraction.Bind(1, moved.ToPersonId).Bind(2, moved.Key.Source).Bind(3, moved.Key.Id).Bind(4, moved.FromPersonId).Run() != 1)
            {
                throw new ConcurrentChangeException($"interaction {moved.Key} left person {moved.FromPersonId} meanwhile");
            }
        }

        var mine = new HashSet<string>(write.People.Select(p => p.Person.Id).Concat(write.Absorbed.Select(a => a.PersonId)), StringComparer.Ordinal);
        foreach (var person in write.People)
        {
            // An identifier the person held at the version this write just found it at is still its own: an
            // identifier leaves a person only in a write that changes that person. Only the others are checked.
            var kept = person.ExpectedVersion is { } expected && snapshots.Get<HeldSnapshot>(person.Person.Id) is { } held && held.Version == expected
                ? held.Snapshot.Identifiers
                : [];
            foreach (var identifier in person.Person.Identifiers)
            {
                if (kept.Contains(identifier))
                {
                    continue;
                }

                var current = sql.OwnerOf.Bind(1, (long)identifier.Type).Bind(2, identifier.Value).QueryText();
                if (current is not null && !mine.Contains(current))
                {
                    throw new ConcurrentChangeException($"an identifier of person {person.Person.Id} now belongs to person {current}");
                }

                if (!string.Equals(current, person.Person.Id, StringComparison.Ordinal))
                {
                    sql.UpsertIdentifier.Bind(1, (long)identifier.Type).Bind(2, identifier.Value).Bind(3, person.Person.Id).Run();
                }
            }
        }

        return written;
    }

    /// <summary>A write with its JSON made, and the caller waiting for it.</summary>
    /// <param name="Write">The write.</param>
    /// <param name="Interactions">Each recorded interaction's body and reclassification, compressed JSON (<see cref="CompressedJson"/>); its journey entry is derived from the body (<see cref="DerivedEntry"/>).</param>
    /// <param name="People">Each person's snapshot, as JSON.</param>
    /// <param name="Decisions">Each decision and its reclassification, as JSON.</param>
    /// <param name="Declarations">What each recorded interaction declared without linking (the claims' index), worked out here, off the writer.</param>
    private sealed record QueuedWrite(
        JourneyWrite Write, (byte[] Body, byte[] Reclassified)[] Interactions, string[] People, (string Body, string Reclassified)[] Decisions,
        (InteractionKey Interaction, Identifier Identifier)[] Declarations)
    {
        /// <summary>The promises the write's classifications open (<see cref="StoredPromise.OpenedBy"/>).</summary>
        public StoredPromise[] Promises { get; init; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Instead of a write, an operation of its own in the group's transaction (an erasure, an expiry).</summary>
        public Func<WriteStatements, SqliteTransaction, List<(string Id, long Version, PersonSnapshot Snapshot)>>? Operation { get; init; }

        /// <summary>People whose held snapshots are dropped once the operation committed.</summary>
        public IReadOnlyList<string> Forgotten { get; init; } = [];

        public static QueuedWrite Of(Func<WriteStatements, SqliteTransaction, List<(string Id, long Version, PersonSnapshot Snapshot)>> operation, IReadOnlyList<string> forgotten) =>
            new(new JourneyWrite([], [], []), [], [], [], []) { Operation = operation, Forgotten = forgotten };
    }

    /// <summary>
    /// The writer's connection and its statements, compiled once and run for every write. A statement that
    /// must change exactly one row and changes none means another writer got there first.
    /// </summary>
    private sealed class WriteStatements : IDisposable
    {
        private readonly SqliteConnection _connection;

        /// <summary>The writer's connection, for the rare operations that run statements of their own (an erasure).</summary>
        public SqliteConnection Connection => _connection;
        private readonly PreparedStatement[] _all;

        public WriteStatements(SqliteConnection connection)
        {
            _connection = connection;
            SqliteFile.TuneForWriting(connection);
            _all =
            [
                InsertInteraction = new(connection, "INSERT OR IGNORE INTO interactions (source, id, person_id, body, reclassified, entry) VALUES ($1, $2, $3, $4, $5, $6)"),
                UpdatePerson = new(connection, "UPDATE people SET snapshot = $1, version = version + 1 WHERE id = $2 AND version = $3 AND merged_into IS NULL"),
                NextSequence = new(connection, "UPDATE sequences SET value = value + 1 WHERE name = 'person' RETURNING value"),
                InsertPerson = new(connection, "INSERT OR IGNORE INTO people (id, creation_sequence, version, snapshot) VALUES ($1, $2, 1, $3)"),
                AbsorbPerson = new(connection, "UPDATE people SET merged_into = $1, version = version + 1 WHERE id = $2 AND version = $3 AND merged_into IS NULL"),
                MoveInteractions = new(connection, "UPDATE interactions SET person_id = $1 WHERE person_id = $2"),
                OwnerOf = new(connection, "SELECT person_id FROM identifiers WHERE type = $1 AND value = $2"),
                UpsertIdentifier = new(connection, "INSERT INTO identifiers (type, value, person_id) VALUES ($1, $2, $3) ON CONFLICT (type, value) DO UPDATE SET person_id = excluded.person_id"),
                InsertDecision = new(connection, "INSERT OR IGNORE INTO decisions (id, person_id, body, reclassified) VALUES ($1, $2, $3, $4)"),
                MoveInteraction = new(connection, "UPDATE interactions SET person_id = $1 WHERE source = $2 AND id = $3 AND person_id = $4"),
                InsertDeclaration = new(connection, "INSERT OR IGNORE INTO declarations (source, id, type, value) VALUES ($1, $2, $3, $4)"),
                InsertPromise = new(connection, "INSERT OR IGNORE INTO promises (source, id, verdict, due, service) VALUES ($1, $2, $3, $4, $5)"),
            ];
        }

        public PreparedStatement InsertInteraction { get; }

        public PreparedStatement InsertPromise { get; }

        public PreparedStatement UpdatePerson { get; }

        public PreparedStatement NextSequence { get; }

        public PreparedStatement InsertPerson { get; }

        public PreparedStatement AbsorbPerson { get; }

        public PreparedStatement MoveInteractions { get; }

        public PreparedStatement OwnerOf { get; }

        public PreparedStatement UpsertIdentifier { get; }

        public PreparedStatement InsertDecision { get; }

        public PreparedStatement MoveInteraction { get; }

        public PreparedStatement InsertDeclaration { get; }

        /// <summary>Immediate: the write lock is taken now, so that every check and write of the group sees one state.</summary>
        public SqliteTransaction Begin() => _connection.BeginTransaction(deferred: false);

        public void Dispose()
        {
            foreach (var statement in _all)
            {
                statement.Dispose();
            }

            _connection.Dispose();
        }
    }

    /// <summary>
    /// Loads people inside one read transaction: the person's row, its snapshot only when the version is not
    /// the one held in memory (one statement, so one instant), then its journey entries from its interactions.
    /// </summary>
    private sealed class PersonLoader(SqliteConnection connection, SqliteTransaction transaction, MemoryCache snapshots) : IAsyncDisposable
    {
        private readonly SqliteCommand _person = SqliteFile.Command(connection, transaction,
            "SELECT merged_into, version, CASE WHEN version = $held THEN NULL ELSE snapshot END, creation_sequence FROM people WHERE id = $id",
            ("$id", ""), ("$held", -1L));

        private readonly SqliteCommand _entries = SqliteFile.Command(connection, transaction,
            "SELECT entry, body FROM interactions WHERE person_id = $id AND entry IS NOT NULL", ("$id", ""));

        /// <summary>A person by id, following merges to the survivor.</summary>
        public async Task<StoredPerson?> LoadAsync(string personId, CancellationToken cancellationToken)
        {
            var id = personId;
            for (var hops = 0; hops < 64; hops++)
            {
                var held = snapshots.Get<HeldSnapshot>(id);
                _person.Parameters["$id"].Value = id;
                _person.Parameters["$held"].Value = held?.Version ?? -1L;
                string? stored;
                long version, creationSequence;
                await using (var reader = await _person.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        return null;
                    }

                    if (!reader.IsDBNull(0))
                    {
                        id = reader.GetString(0);
                        continue;
                    }

                    version = reader.GetInt64(1);
                    stored = reader.IsDBNull(2) ? null : reader.GetString(2);
                    creationSequence = reader.GetInt64(3);
                }

                var snapshot = stored is null ? held!.Snapshot : await ReadAsync(id, stored, version, cancellationToken);
                // The column is the truth for the creation sequence (a new person's snapshot keeps the provisional one).
                return new StoredPerson(snapshot with { CreationSequence = creationSequence }, version);
            }

            throw new InvalidOperationException($"Person {personId} redirects in a loop.");
        }

        public async ValueTask DisposeAsync()
        {
            await _person.DisposeAsync();
            await _entries.DisposeAsync();
        }

        /// <summary>The stored snapshot with its journey put back from the person's interactions, then held.</summary>
        private async Task<PersonSnapshot> ReadAsync(string id, string stored, long version, CancellationToken cancellationToken)
        {
            var snapshot = JsonSerializer.Deserialize<PersonSnapshot>(stored, Json)!;
            _entries.Parameters["$id"].Value = id;
            var journey = new List<JourneyEntry>();
            await using (var reader = await _entries.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var entry = reader.GetString(0);
                    journey.Add(entry.Length == 0
                        ? JourneyEntry.From(CompressedJson.Read(reader.GetValue(1), StoredJson.Default.Interaction))
                        : JsonSerializer.Deserialize<JourneyEntry>(entry, Json));
                }
            }

            journey.Sort();
            snapshot = snapshot with { Journey = journey };
            Hold(snapshots, id, version, snapshot);
            return snapshot;
        }
    }

    private static void Hold(MemoryCache snapshots, string id, long version, PersonSnapshot snapshot) =>
        snapshots.Set(id, new HeldSnapshot(version, snapshot), new MemoryCacheEntryOptions { Size = 1 });

    /// <summary>A person's snapshot as committed at a version.</summary>
    private sealed record HeldSnapshot(long Version, PersonSnapshot Snapshot);
}
