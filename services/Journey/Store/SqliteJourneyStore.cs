using System.Text.Json;
using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Journey.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The journey store of the embedded default: one SQLite file in WAL mode. A person is a row holding its
/// snapshot and classifications (JSON) and a version; identifiers and interactions are rows with unique
/// keys, so that two writers never give one identifier two owners nor record one interaction twice. A
/// write is one immediate transaction that checks every version it was loaded at.
/// </summary>
public sealed class SqliteJourneyStore(string path) : IJourneyStore
{
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
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        DefaultTimeout = 10,
    }.ToString();

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            """);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var read = Command(connection, transaction, "SELECT version FROM schema_version");
        var found = await read.ExecuteScalarAsync(cancellationToken) is long version ? (int)version : 0;
        if (found > SchemaVersion)
        {
            throw new InvalidOperationException($"The journey store {path} has schema version {found}; this build knows up to {SchemaVersion}.");
        }

        for (var step = found; step < SchemaVersion; step++)
        {
            await ExecuteAsync(connection, transaction, cancellationToken, Migrations[step]);
        }

        await ExecuteAsync(connection, transaction, cancellationToken, "DELETE FROM schema_version");
        await ExecuteAsync(connection, transaction, cancellationToken, "INSERT INTO schema_version (version) VALUES ($version)", ("$version", SchemaVersion));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ContactsReclassified?> FindRecordedAsync(InteractionKey interaction, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT reclassified, person_id FROM interactions WHERE source = $source AND id = $id", ("$source", interaction.Source), ("$id", interaction.Id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        // Recorded before the reclassification was kept (schema 1): nothing to publish again.
        return reader.IsDBNull(0)
            ? new ContactsReclassified { PersonId = reader.GetString(1), Cause = interaction, Changes = [] }
            : JsonSerializer.Deserialize<ContactsReclassified>(reader.GetString(0), Json);
    }

    public async Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        await using var connection = await OpenAsync(cancellationToken);
        var owners = new List<StoredPerson>();
        foreach (var identifier in identifiers)
        {
            await using var command = Command(connection, null, "SELECT person_id FROM identifiers WHERE type = $type AND value = $value",
                ("$type", (int)identifier.Type), ("$value", identifier.Value));
            if (await command.ExecuteScalarAsync(cancellationToken) is string personId
                && owners.TrueForAll(o => o.Snapshot.Id != personId)
                && await LoadAsync(connection, personId, cancellationToken) is { } person
                && owners.TrueForAll(o => o.Snapshot.Id != person.Snapshot.Id))
            {
                owners.Add(person);
            }
        }

        return owners;
    }

    public async Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await LoadAsync(connection, personId, cancellationToken);
    }

    public async Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One read transaction: the person and its interactions as of one instant.
        await using var transaction = connection.BeginTransaction();
        if (await LoadAsync(connection, personId, cancellationToken, transaction) is not { } person)
        {
            return null;
        }

        await using var read = Command(connection, transaction, "SELECT classifications FROM people WHERE id = $id", ("$id", person.Snapshot.Id));
        var classifications = JsonSerializer.Deserialize<InteractionClassification[]>((string)(await read.ExecuteScalarAsync(cancellationToken))!, Json)!;
        await using var bodies = Command(connection, transaction, "SELECT body FROM interactions WHERE person_id = $id AND body IS NOT NULL", ("$id", person.Snapshot.Id));
        await using var reader = await bodies.ExecuteReaderAsync(cancellationToken);
        var interactions = new List<Interaction>(person.Snapshot.Journey.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            interactions.Add(JsonSerializer.Deserialize<Interaction>(reader.GetString(0), Json)!);
        }

        return new PersonJourney(person, InJourneyOrder(person.Snapshot, interactions), classifications);
    }

    /// <summary>The interactions in the order of the person's journey (the total order of DOMAIN §3).</summary>
    internal static List<Interaction> InJourneyOrder(PersonSnapshot person, List<Interaction> interactions)
    {
        var position = new Dictionary<InteractionKey, int>(person.Journey.Count);
        for (var i = 0; i < person.Journey.Count; i++)
        {
            position[person.Journey[i].Key] = i;
        }

        interactions.Sort((a, b) => position.GetValueOrDefault(a.Key, int.MaxValue).CompareTo(position.GetValueOrDefault(b.Key, int.MaxValue)));
        return interactions;
    }

    public async Task<long> NextCreationSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "UPDATE sequences SET value = value + 1 WHERE name = 'person' RETURNING value");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var connection = await OpenAsync(cancellationToken);
        // Immediate: the write lock is taken now, so that the checks below and the writes see one state.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var person = write.Person;
        await ChangeOneAsync(connection, transaction, cancellationToken, $"interaction {write.Interaction.Key} is already recorded",
            "INSERT OR IGNORE INTO interactions (source, id, person_id, body, reclassified) VALUES ($source, $id, $person, $body, $reclassified)",
            ("$source", write.Interaction.Source), ("$id", write.Interaction.Id), ("$person", person.Id),
            ("$body", JsonSerializer.Serialize(write.Interaction, Json)), ("$reclassified", JsonSerializer.Serialize(write.Reclassified, Json)));

        var snapshot = JsonSerializer.Serialize(person, Json);
        var classifications = JsonSerializer.Serialize(write.Classifications, Json);
        if (write.ExpectedVersion is { } expected)
        {
            await UpdatePersonAsync(connection, transaction, person, expected, classifications, cancellationToken);
        }
        else
        {
            await ChangeOneAsync(connection, transaction, cancellationToken, $"person {person.Id} already exists",
                "INSERT OR IGNORE INTO people (id, creation_sequence, version, snapshot, classifications) VALUES ($id, $sequence, 1, $snapshot, $classifications)",
                ("$id", person.Id), ("$sequence", person.CreationSequence), ("$snapshot", snapshot), ("$classifications", classifications));
        }

        var mine = new HashSet<string>(StringComparer.Ordinal) { person.Id };
        foreach (var absorbed in write.Absorbed)
        {
            mine.Add(absorbed.PersonId);
            await ChangeOneAsync(connection, transaction, cancellationToken, $"person {absorbed.PersonId} changed since version {absorbed.Version}",
                "UPDATE people SET merged_into = $survivor, version = version + 1, classifications = '[]' WHERE id = $id AND version = $version AND merged_into IS NULL",
                ("$survivor", person.Id), ("$id", absorbed.PersonId), ("$version", absorbed.Version));
            await ExecuteAsync(connection, transaction, cancellationToken, "UPDATE interactions SET person_id = $survivor WHERE person_id = $id",
                ("$survivor", person.Id), ("$id", absorbed.PersonId));
        }

        foreach (var other in write.Others)
        {
            // A refused merge adds a conflict notice only: the classifications stay.
            await UpdatePersonAsync(connection, transaction, other.Snapshot, other.Version, null, cancellationToken);
        }

        foreach (var identifier in person.Identifiers)
        {
            await using var owner = Command(connection, transaction, "SELECT person_id FROM identifiers WHERE type = $type AND value = $value",
                ("$type", (int)identifier.Type), ("$value", identifier.Value));
            if (await owner.ExecuteScalarAsync(cancellationToken) is string current && !mine.Contains(current))
            {
                throw new ConcurrentChangeException($"an identifier of person {person.Id} now belongs to person {current}");
            }

            await ExecuteAsync(connection, transaction, cancellationToken,
                "INSERT INTO identifiers (type, value, person_id) VALUES ($type, $value, $person) ON CONFLICT (type, value) DO UPDATE SET person_id = excluded.person_id",
                ("$type", (int)identifier.Type), ("$value", identifier.Value), ("$person", person.Id));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static Task UpdatePersonAsync(SqliteConnection connection, SqliteTransaction transaction, PersonSnapshot person, long expected, string? classifications, CancellationToken cancellationToken) =>
        ChangeOneAsync(connection, transaction, cancellationToken, $"person {person.Id} changed since version {expected}",
            "UPDATE people SET snapshot = $snapshot, classifications = coalesce($classifications, classifications), version = version + 1 WHERE id = $id AND version = $version AND merged_into IS NULL",
            ("$snapshot", JsonSerializer.Serialize(person, Json)), ("$classifications", (object?)classifications ?? DBNull.Value), ("$id", person.Id), ("$version", expected));

    private static async Task<StoredPerson?> LoadAsync(SqliteConnection connection, string personId, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        var id = personId;
        for (var hops = 0; hops < 64; hops++)
        {
            await using var command = Command(connection, transaction, "SELECT merged_into, version, snapshot FROM people WHERE id = $id", ("$id", id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            if (!reader.IsDBNull(0))
            {
                id = reader.GetString(0);
                continue;
            }

            return new StoredPerson(JsonSerializer.Deserialize<PersonSnapshot>(reader.GetString(2), Json)!, reader.GetInt64(1));
        }

        throw new InvalidOperationException($"Person {personId} redirects in a loop.");
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a statement that must change exactly one row; otherwise another writer got there first.</summary>
    private static async Task ChangeOneAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken, string lost, string sql, params (string Name, object Value)[] parameters)
    {
        if (await ExecuteAsync(connection, transaction, cancellationToken, sql, parameters) != 1)
        {
            throw new ConcurrentChangeException(lost);
        }
    }
}
