using Microsoft.Data.Sqlite;

namespace Omnichannel.Hosting.Sqlite;

/// <summary>
/// One SQLite file of the embedded default (journeys, roll-ups, message log, audit log, revoked sessions):
/// pooled connections that wait up to 10 s for a busy file, the file in WAL mode (readers never wait for the
/// writer). The stores run SQL one way, by what the statement is for: <see cref="Command"/> (named
/// parameters) for a statement run once or a read, <see cref="PreparedStatement"/> (positional,
/// <c>$1</c>..<c>$n</c>) for a statement a writer runs many times per transaction; a file's schema is
/// <see cref="SqliteSchema"/>'s, and many callers' writes share a transaction through <see cref="GroupCommit{TWork}"/>.
/// </summary>
public sealed class SqliteFile(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 10 }.ToString();

    /// <summary>Where the file is, as configured (for messages).</summary>
    public string Path => path;

    /// <summary>At start: creates the file's folder, then opens a connection with the file in WAL mode.</summary>
    public async Task<SqliteConnection> CreateAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var connection = await OpenAsync(cancellationToken);
        await using var wal = Command(connection, null, "PRAGMA journal_mode = WAL");
        await wal.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>For a writer loop, which runs synchronously (SQLite's calls are: the async ones only wrap them).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// For the connection a store writes through. Its pages stay valid between its transactions while no
    /// other connection writes (readers do not): a 64 MB cache rather than the default 2 MB spares reading
    /// them again (1.08x and 1.12x on the journey and roll-up benchmarks). A checkpoint every 100,000 pages of
    /// log (400 MB) rather than 10,000, so that the index pages many transactions change are copied into the
    /// file once rather than once each (30 KB to 23 KB written per interaction on the scale benchmark, issue
    /// 22); the log file can grow to that size on disk between checkpoints. Temporary files stay on disk
    /// (<c>temp_store</c> default): kept in memory they raised the peak memory of a burst by 130 MB; the journey's
    /// writer avoids the savepoint journals that filled them instead (docs/decisions/0011).
    /// </summary>
    public static void TuneForWriting(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var pragmas = Command(connection, null, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 100000");
        pragmas.ExecuteNonQuery();
    }

    /// <summary>A statement with named parameters and their values (null for SQL's NULL).</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params IEnumerable<(string Name, object? Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
