using Microsoft.Data.Sqlite;

namespace Omnichannel.Hosting.Sqlite;

/// <summary>
/// One SQLite file of the embedded default (journeys, roll-ups, audit log): pooled connections that wait up
/// to 10 s for a busy file, the file in WAL mode (readers never wait for the writer), and the few ways the
/// stores build their statements.
/// </summary>
public sealed class SqliteFile(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 10 }.ToString();

    /// <summary>At start: creates the file's folder, then opens a connection with the file in WAL mode.</summary>
    public async Task<SqliteConnection> CreateAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
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

    /// <summary>
    /// For the connection a store writes through. Its pages stay valid between its transactions while no
    /// other connection writes (readers do not): a 64 MB cache rather than the default 2 MB spares reading
    /// them again, and a checkpoint every 10,000 pages of log (40 MB) rather than 1,000 copies a page that
    /// many transactions wrote once. Measured on the journey and roll-up benchmarks: 1.08x and 1.12x.
    /// </summary>
    public static void TuneForWriting(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000";
        pragmas.ExecuteNonQuery();
    }

    /// <summary>A statement with named parameters and their values.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params IEnumerable<(string Name, object Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>A statement with positional parameters <c>$1</c>..<c>$n</c>, compiled at its first run and reused by <see cref="Run"/>.</summary>
    public static SqliteCommand Positional(SqliteConnection connection, SqliteTransaction? transaction, string sql, int parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter($"${i}", null));
        }

        return command;
    }

    /// <summary>Gives a positional statement its values, in order.</summary>
    public static void Bind(SqliteCommand command, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    /// <summary>Runs a positional statement with these values; returns the rows it changed.</summary>
    public static int Run(SqliteCommand command, params object[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }
}
