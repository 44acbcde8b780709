using System.Text.Json;
using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Journey.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The journey store of the embedded default: one SQLite file in WAL mode. A person is a row holding its
/// snapshot (JSON) and a version; identifiers and interactions are rows with unique keys, so that two
/// writers never give one identifier two owners nor record one interaction twice. A write is one
/// immediate transaction that checks every version it was loaded at.
/// </summary>
public sealed class SqliteJourneyStore(string path) : IJourneyStore
{
    private const int SchemaVersion = 1;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        DefaultTimeout = 10,
    }.ToString();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS people (
                id TEXT PRIMARY KEY, creation_sequence INTEGER NOT NULL, version INTEGER NOT NULL,
                merged_into TEXT NULL, snapshot TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS identifiers (
                type INTEGER NOT NULL, value TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (type, value));
            CREATE INDEX IF NOT EXISTS identifiers_by_person ON identifiers (person_id);
            CREATE TABLE IF NOT EXISTS interactions (
                source TEXT NOT NULL, id TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (source, id));
            CREATE INDEX IF NOT EXISTS interactions_by_person ON interactions (person_id);
            CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT OR IGNORE INTO sequences (name, value) VALUES ('person', 0);
            """);
        await using var version = Command(connection, null, "SELECT version FROM schema_version");
        switch (await version.ExecuteScalarAsync(cancellationToken))
        {
            case null:
                await ExecuteAsync(connection, null, cancellationToken, $"INSERT INTO schema_version (version) VALUES ({SchemaVersion})");
                break;
            case long found when found != SchemaVersion:
                throw new InvalidOperationException($"The journey store {path} has schema version {found}; this build reads {SchemaVersion}.");
        }
    }

    public async Task<bool> IsRecordedAsync(InteractionKey interaction, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT 1 FROM interactions WHERE source = $source AND id = $id", ("$source", interaction.Source), ("$id", interaction.Id));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
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
        await ChangeOneAsync(connection, transaction, cancellationToken, $"interaction {write.Interaction} is already recorded",
            "INSERT OR IGNORE INTO interactions (source, id, person_id) VALUES ($source, $id, $person)",
            ("$source", write.Interaction.Source), ("$id", write.Interaction.Id), ("$person", person.Id));

        var snapshot = JsonSerializer.Serialize(person, Json);
        if (write.ExpectedVersion is { } expected)
        {
            await ChangeOneAsync(connection, transaction, cancellationToken, $"person {person.Id} changed since version {expected}",
                "UPDATE people SET snapshot = $snapshot, version = version + 1 WHERE id = $id AND version = $version AND merged_into IS NULL",
                ("$snapshot", snapshot), ("$id", person.Id), ("$version", expected));
        }
        else
        {
            await ChangeOneAsync(connection, transaction, cancellationToken, $"person {person.Id} already exists",
                "INSERT OR IGNORE INTO people (id, creation_sequence, version, snapshot) VALUES ($id, $sequence, 1, $snapshot)",
                ("$id", person.Id), ("$sequence", person.CreationSequence), ("$snapshot", snapshot));
        }

        var mine = new HashSet<string>(StringComparer.Ordinal) { person.Id };
        foreach (var absorbed in write.Absorbed)
        {
            mine.Add(absorbed.PersonId);
            await ChangeOneAsync(connection, transaction, cancellationToken, $"person {absorbed.PersonId} changed since version {absorbed.Version}",
                "UPDATE people SET merged_into = $survivor, version = version + 1 WHERE id = $id AND version = $version AND merged_into IS NULL",
                ("$survivor", person.Id), ("$id", absorbed.PersonId), ("$version", absorbed.Version));
            await ExecuteAsync(connection, transaction, cancellationToken, "UPDATE interactions SET person_id = $survivor WHERE person_id = $id",
                ("$survivor", person.Id), ("$id", absorbed.PersonId));
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

    private static async Task<StoredPerson?> LoadAsync(SqliteConnection connection, string personId, CancellationToken cancellationToken)
    {
        var id = personId;
        for (var hops = 0; hops < 64; hops++)
        {
            await using var command = Command(connection, null, "SELECT merged_into, version, snapshot FROM people WHERE id = $id", ("$id", id));
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
