using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Omnichannel.Hosting.Sqlite;

/// <summary>
/// A statement prepared once on a connection and run many times, for the stores' hot writes (an upsert per
/// roll-up row, a row per interaction, a message appended to the log) and the lookups made between them
/// (who owns an identifier, the sequence a new row takes). It binds through SQLitePCLRaw, the layer under Microsoft.Data.Sqlite,
/// on the same connection and so in its transaction: Microsoft.Data.Sqlite allocates a binder per parameter
/// and a boxed value per number on every execution, which measured as most of the roll-ups' CPU and of the
/// host's garbage. Errors surface as <see cref="SqliteException"/>, as from Microsoft.Data.Sqlite. Positions
/// count from 1: the statement names them <c>$1</c>, <c>$2</c>, ... in the order they appear (checked when it is prepared). Not thread-safe, as the connection.
/// </summary>
public sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>A string's UTF-8, reused: SQLite copies a text value as it is bound (SQLITE_TRANSIENT).</summary>
    private byte[] _utf8 = new byte[256];

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        // SQLite numbers named parameters in the order they first appear, whatever their names: a statement
        // that names $2 before $1 would bind each value to the other's place. Refused here, not found in the data.
        for (var position = 1; position <= raw.sqlite3_bind_parameter_count(_statement); position++)
        {
            var name = raw.sqlite3_bind_parameter_name(_statement, position).utf8_to_string();
            if (name != $"${position}")
            {
                _statement.Dispose();
                throw new ArgumentException($"Parameter {position} of a prepared statement is {name}: name them $1..$n in the order they appear.", nameof(sql));
            }
        }
    }

    public PreparedStatement Bind(int position, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, position, value));
        return this;
    }

    public PreparedStatement Bind(int position, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, position));
            return this;
        }

        if (Encoding.UTF8.GetMaxByteCount(value.Length) > _utf8.Length)
        {
            _utf8 = new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        }

        var length = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_statement, position, _utf8.AsSpan(0, length)));
        return this;
    }

    /// <summary>A blob, copied as it is bound (SQLITE_TRANSIENT): the span may be reused after.</summary>
    public PreparedStatement Bind(int position, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_statement, position, value));
        return this;
    }

    /// <summary>Runs the statement with the values bound, then readies it for the next ones; returns the rows it changed.</summary>
    public int Run()
    {
        Step();
        raw.sqlite3_reset(_statement);
        return raw.sqlite3_changes(_db);
    }

    /// <summary>
    /// Runs the statement and reads the first column of its first row as a number: null when there is no
    /// row or the value is NULL. Then readies it for the next values. For a lookup by key, or an
    /// <c>INSERT</c>/<c>UPDATE</c> with <c>RETURNING</c> of one row (whose changes are all made at the first row).
    /// </summary>
    public long? QueryInt64()
    {
        try
        {
            return Step() && raw.sqlite3_column_type(_statement, 0) != raw.SQLITE_NULL ? raw.sqlite3_column_int64(_statement, 0) : null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>As <see cref="QueryInt64"/>, for a text column.</summary>
    public string? QueryText()
    {
        try
        {
            return Step() && raw.sqlite3_column_type(_statement, 0) != raw.SQLITE_NULL ? raw.sqlite3_column_text(_statement, 0).utf8_to_string() : null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    /// <returns>True when the statement gave a row.</returns>
    private bool Step()
    {
        var result = raw.sqlite3_step(_statement);
        if (result is not (raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            raw.sqlite3_reset(_statement);
            SqliteException.ThrowExceptionForRC(result, _db);
        }

        return result == raw.SQLITE_ROW;
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}
