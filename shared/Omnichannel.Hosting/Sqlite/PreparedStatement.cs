using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Omnichannel.Hosting.Sqlite;

/// <summary>
/// A statement prepared once on a connection and run many times, for the stores' hot writes (an upsert per
/// roll-up row, a row per interaction). It binds through SQLitePCLRaw, the layer under Microsoft.Data.Sqlite,
/// on the same connection and so in its transaction: Microsoft.Data.Sqlite allocates a binder per parameter
/// and a boxed value per number on every execution, which measured as most of the roll-ups' CPU and of the
/// host's garbage. Errors surface as <see cref="SqliteException"/>, as from Microsoft.Data.Sqlite. Positions
/// count from 1, as in SQL (<c>$1</c>, <c>$2</c>, ...). Not thread-safe, as the connection.
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

    /// <summary>Runs the statement with the values bound, then readies it for the next ones; returns the rows it changed.</summary>
    public int Run()
    {
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result is not (raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }

        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}
