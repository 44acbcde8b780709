using Microsoft.Data.Sqlite;
using Omnichannel.Hosting.Sqlite;
using Xunit;

namespace Omnichannel.Hosting.Tests;

/// <summary>The stores' hot statements bound through SQLitePCLRaw: values as bound, errors as Microsoft.Data.Sqlite gives them.</summary>
public sealed class PreparedStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public PreparedStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)";
        create.ExecuteNonQuery();
    }

    [Fact]
    public void Runs_again_and_again_with_the_values_bound_each_time_in_the_open_transaction()
    {
        // Accents, and a value longer than the statement's first UTF-8 buffer.
        var keys = new[] { "impôt.réclamation", new string('é', 300), "", "a" };
        using (var transaction = _connection.BeginTransaction())
        using (var upsert = new PreparedStatement(_connection, "INSERT INTO t VALUES ($1, $2) ON CONFLICT DO UPDATE SET n = n + excluded.n"))
        {
            foreach (var key in keys.Concat(keys))
            {
                Assert.Equal(1, upsert.Bind(1, key).Bind(2, long.MaxValue / 4).Run());
            }

            transaction.Rollback();
        }

        Assert.Empty(Rows());

        using (var upsert = new PreparedStatement(_connection, "INSERT INTO t VALUES ($1, $2) ON CONFLICT DO UPDATE SET n = n + excluded.n"))
        {
            foreach (var (key, i) in keys.Concat(keys).Select((k, i) => (k, i)))
            {
                upsert.Bind(1, key).Bind(2, i).Run();
            }
        }

        Assert.Equal(keys.Select((k, i) => (k, (long)(i + i + keys.Length))).OrderBy(r => r.k, StringComparer.Ordinal), Rows());
    }

    [Fact]
    public void A_refused_row_throws_as_Microsoft_Data_Sqlite_does_and_the_statement_goes_on()
    {
        using var insert = new PreparedStatement(_connection, "INSERT INTO t VALUES ($1, $2)");
        insert.Bind(1, "x").Bind(2, 1).Run();

        var refused = Assert.Throws<SqliteException>(() => insert.Bind(1, "x").Bind(2, 2).Run());
        Assert.Equal(19, refused.SqliteErrorCode);
        Assert.Throws<SqliteException>(() => insert.Bind(1, "y").Bind(2, (string?)null).Run());

        Assert.Equal(1, insert.Bind(1, "y").Bind(2, 3).Run());
        Assert.Equal([("x", 1L), ("y", 3L)], Rows());
    }

    [Fact]
    public void A_lookup_reads_the_first_column_of_its_first_row_or_null()
    {
        using (var insert = new PreparedStatement(_connection, "INSERT INTO t VALUES ($1, $2)"))
        {
            insert.Bind(1, "é").Bind(2, 42).Run();
        }

        using var number = new PreparedStatement(_connection, "SELECT n FROM t WHERE k = $1");
        using var text = new PreparedStatement(_connection, "SELECT k FROM t WHERE n = $1");
        using var nothing = new PreparedStatement(_connection, "SELECT NULL");
        Assert.Equal(42, number.Bind(1, "é").QueryInt64());
        Assert.Null(number.Bind(1, "absent").QueryInt64());
        Assert.Equal("é", text.Bind(1, 42).QueryText());
        Assert.Null(text.Bind(1, 0).QueryText());
        Assert.Null(nothing.QueryText());
        // Reset after each: the same statement answers again, and holds no read open.
        Assert.Equal(42, number.Bind(1, "é").QueryInt64());
    }

    [Fact]
    public void A_returning_insert_makes_its_change_and_gives_its_value_once_per_run()
    {
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE b (seq INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL, note TEXT)";
            create.ExecuteNonQuery();
        }

        using var insert = new PreparedStatement(_connection, "INSERT INTO b (body, note) VALUES ($1, $2) RETURNING seq");
        byte[] first = [0, 1, 2, 255];
        Assert.Equal(1, insert.Bind(1, first).Bind(2, "n").QueryInt64());
        Assert.Equal(2, insert.Bind(1, ReadOnlySpan<byte>.Empty).Bind(2, (string?)null).QueryInt64());

        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT seq, body, note FROM b ORDER BY seq";
        using var reader = select.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(first, (byte[])reader.GetValue(1));
        Assert.Equal("n", reader.GetString(2));
        Assert.True(reader.Read());
        Assert.Empty((byte[])reader.GetValue(1));
        Assert.True(reader.IsDBNull(2));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Parameters_named_out_of_their_order_are_refused_as_the_statement_is_prepared()
    {
        // SQLite would number $2 first: the values would land in each other's columns.
        var error = Assert.Throws<ArgumentException>(() => new PreparedStatement(_connection, "UPDATE t SET n = $2 WHERE k = $1"));
        Assert.Contains("$1..$n", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PreparedStatement(_connection, "SELECT n FROM t WHERE k = $key"));
    }

    [Fact]
    public void A_statement_that_does_not_compile_says_why()
    {
        var error = Assert.Throws<SqliteException>(() => new PreparedStatement(_connection, "INSERT INTO nowhere VALUES ($1)"));
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _connection.Dispose();

    private List<(string, long)> Rows()
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT k, n FROM t ORDER BY k";
        using var reader = select.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }
}
