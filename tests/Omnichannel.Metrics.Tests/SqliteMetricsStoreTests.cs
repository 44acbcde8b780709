using Microsoft.Data.Sqlite;
using Omnichannel.Domain.Metrics;
using Omnichannel.Metrics.Store;
using Xunit;

namespace Omnichannel.Metrics.Tests;

/// <summary>The roll-up contract on SQLite, and what a file made by an older build becomes at start.</summary>
public sealed class SqliteMetricsStoreTests : MetricsStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-metrics-").FullName;

    private SqliteMetricsStore _store = null!;

    protected override async Task<IMetricsStore> CreateAsync()
    {
        _store = new SqliteMetricsStore(Path.Combine(_folder, "metrics.db"), Calculator);
        await _store.InitializeAsync(Cancel);
        return _store;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_level_missing_from_an_older_file_is_filled_from_the_finest_one_at_start()
    {
        foreach (var message in Examples.Published(Examples.B()))
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var byMotive = Examples.Query(0, 60, asOf: 50) with { Motive = "income-tax" };
        var before = await _store.SummarizeAsync(byMotive, Cancel);
        await ExecuteOnFileAsync("DROP TABLE counts_daymotive; DROP TABLE open_daymotive; DROP TABLE histograms_daymotive;");

        var reopened = await ReopenAsync();

        var after = await reopened.SummarizeAsync(byMotive, Cancel);
        Assert.Equal(before, after);
        Assert.Equal((3, 1, 1), (after.Contacts, after.FirstContacts, after.FcrFailed));
    }

    [Fact]
    public async Task Channel_switches_an_older_build_kept_by_day_alone_are_kept_by_motive_and_by_service_from_the_next_start()
    {
        foreach (var message in Examples.Published(Examples.B()))
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var period = Examples.Query(0, 60, asOf: 50);
        MetricsQuery[] queries = [period with { Motive = "income-tax" }, period with { Service = "SIP Paris 15" }, period with { Motive = "income-tax", Service = "SIP Paris 15" }];
        var before = new List<IReadOnlyList<ChannelSwitch>>();
        foreach (var query in queries)
        {
            before.Add(await _store.ChannelSwitchesAsync(query, Cancel));
        }

        // The file as the build before the switch levels left it: schema version 3, the finest switches and those by day.
        await ExecuteOnFileAsync("DROP TABLE switches_by_motive; DROP TABLE switches_by_service; UPDATE schema_version SET version = 3;");

        var reopened = await ReopenAsync();

        for (var q = 0; q < queries.Length; q++)
        {
            var after = await reopened.ChannelSwitchesAsync(queries[q], Cancel);
            Assert.NotEmpty(after);
            Assert.Equal(before[q], after);
        }
    }

    [Fact]
    public async Task Tables_an_older_build_made_with_rowids_are_kept_in_key_order_from_the_next_start_with_the_same_numbers()
    {
        var path = Path.Combine(_folder, "metrics.db");
        var messages = Examples.Published(Examples.B());
        foreach (var message in messages)
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var queries = new[] { Examples.Query(0, 60, asOf: 50), Examples.Query(0, 60, asOf: 50) with { Motive = "income-tax" } };
        var before = new List<object>();
        foreach (var query in queries)
        {
            before.Add(await _store.SummarizeAsync(query, Cancel));
        }

        // As an earlier build left the file: every table with a rowid and its key in a separate index.
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%PRIMARY KEY%' AND sql NOT LIKE '%WITHOUT ROWID'"));
            var tables = new List<(string Name, string Sql)>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID'";
                await using var reader = await list.ExecuteReaderAsync(Cancel);
                while (await reader.ReadAsync(Cancel))
                {
                    tables.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            Assert.Contains(tables, t => t.Name == "applied");
            foreach (var (name, sql) in tables)
            {
                var definition = sql[sql.IndexOf('(', StringComparison.Ordinal)..^" WITHOUT ROWID".Length];
                await ScalarAsync(connection, $"CREATE TABLE old_{name} {definition}; INSERT INTO old_{name} SELECT * FROM {name}; DROP TABLE {name}; ALTER TABLE old_{name} RENAME TO {name};");
            }

            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID'"));
        }

        var reopened = await ReopenAsync();

        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%PRIMARY KEY%' AND sql NOT LIKE '%WITHOUT ROWID'"));
        }

        for (var i = 0; i < queries.Length; i++)
        {
            Assert.Equal(before[i], await reopened.SummarizeAsync(queries[i], Cancel));
        }

        // What was applied is still known as such: a redelivery changes nothing.
        Assert.False(await reopened.ApplyAsync(messages[0], Cancel));
        Assert.Equal(before[0], await reopened.SummarizeAsync(queries[0], Cancel));
    }

    [Fact]
    public async Task Times_to_resolution_an_older_build_kept_a_row_per_bucket_become_one_histogram_per_key_at_the_next_start()
    {
        var path = Path.Combine(_folder, "metrics.db");
        var messages = Examples.Published([.. Examples.A(), .. Examples.B()]);
        foreach (var message in messages)
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var queries = new[]
        {
            Examples.Query(0, 60, asOf: 50),
            Examples.Query(0, 60, asOf: 50) with { Motive = "income-tax" },
            Examples.Query(0, 60, asOf: 50) with { Channel = Contracts.Channel.Phone },
        };
        var before = new List<object>();
        foreach (var query in queries)
        {
            before.Add(await _store.SummarizeAsync(query, Cancel));
        }

        Assert.NotNull(((Domain.Metrics.MetricsSummary)before[0]).MedianTimeToResolution);

        // As an earlier build left the file: a row per key and bucket (and per key and bucket of ten), no histograms.
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            var levels = new List<(string Name, string[] Keys)>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT substr(name, 12), (SELECT group_concat(name, ',') FROM pragma_table_info(m.name) WHERE name <> 'h') FROM sqlite_master m WHERE type = 'table' AND name LIKE 'histograms_%'";
                await using var reader = await list.ExecuteReaderAsync(Cancel);
                while (await reader.ReadAsync(Cancel))
                {
                    levels.Add((reader.GetString(0), reader.GetString(1).Split(',')));
                }
            }

            Assert.Equal(RollUpLevel.All.Count, levels.Count);
            foreach (var (name, keys) in levels)
            {
                var columns = string.Join(", ", keys);
                await ScalarAsync(connection, $"""
                    CREATE TABLE resolutions_{name} ({columns}, bucket INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY ({columns}, bucket)) WITHOUT ROWID;
                    CREATE TABLE coarse_resolutions_{name} ({columns}, coarse INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY ({columns}, coarse)) WITHOUT ROWID;
                    """);
                var rows = new List<(object[] Key, byte[] Histogram)>();
                await using (var read = connection.CreateCommand())
                {
                    read.CommandText = $"SELECT {columns}, h FROM histograms_{name}";
                    await using var reader = await read.ExecuteReaderAsync(Cancel);
                    while (await reader.ReadAsync(Cancel))
                    {
                        rows.Add(([.. Enumerable.Range(0, keys.Length).Select(reader.GetValue)], reader.GetFieldValue<byte[]>(keys.Length)));
                    }
                }

                foreach (var (key, histogram) in rows)
                {
                    foreach (var (bucket, n) in HistogramBlob.Decode(histogram))
                    {
                        await using var insert = connection.CreateCommand();
                        insert.CommandText = $"""
                            INSERT INTO resolutions_{name} VALUES ({string.Join(", ", keys.Select((_, i) => $"$k{i}"))}, $bucket, $n);
                            INSERT INTO coarse_resolutions_{name} VALUES ({string.Join(", ", keys.Select((_, i) => $"$k{i}"))}, $bucket / 10, $n) ON CONFLICT DO UPDATE SET n = n + excluded.n;
                            """;
                        for (var i = 0; i < keys.Length; i++)
                        {
                            insert.Parameters.AddWithValue($"$k{i}", key[i]);
                        }

                        insert.Parameters.AddWithValue("$bucket", bucket);
                        insert.Parameters.AddWithValue("$n", n);
                        await insert.ExecuteNonQueryAsync(Cancel);
                    }
                }

                await ScalarAsync(connection, $"DROP TABLE histograms_{name}");
            }
        }

        var reopened = await ReopenAsync();

        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%resolutions_%'"));
            Assert.Equal((long)RollUpLevel.All.Count, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'histograms_%'"));
        }

        for (var i = 0; i < queries.Length; i++)
        {
            Assert.Equal(before[i], await reopened.SummarizeAsync(queries[i], Cancel));
        }

        // What arrives from now on adds to the converted histograms as to any other.
        foreach (var message in Examples.Published(Examples.C()))
        {
            await reopened.ApplyAsync(message, Cancel);
        }

        var fresh = new SqliteMetricsStore(Path.Combine(_folder, "fresh.db"), Calculator);
        await fresh.InitializeAsync(Cancel);
        foreach (var message in messages.Concat(Examples.Published(Examples.C())))
        {
            await fresh.ApplyAsync(message, Cancel);
        }

        foreach (var query in queries)
        {
            Assert.Equal(await fresh.SummarizeAsync(query, Cancel), await reopened.SummarizeAsync(query, Cancel));
        }
    }

    /// <summary>A store opened again on the test's file, as the next start would.</summary>
    private async Task<SqliteMetricsStore> ReopenAsync()
    {
        var reopened = new SqliteMetricsStore(Path.Combine(_folder, "metrics.db"), Calculator);
        await reopened.InitializeAsync(Cancel);
        return reopened;
    }

    /// <summary>Runs <paramref name="sql"/> on the test's file, as an older build would have left it.</summary>
    private async Task ExecuteOnFileAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "metrics.db")}");
        await connection.OpenAsync(Cancel);
        await ScalarAsync(connection, sql);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Cancel);
    }

    [Fact]
    public async Task A_counter_added_to_the_catalogue_since_a_file_was_made_becomes_a_column_at_start()
    {
        var path = Path.Combine(_folder, "metrics.db");
        foreach (var message in Examples.Published(Examples.B()))
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var query = Examples.Query(0, 60, asOf: 50);
        var before = await _store.SummarizeAsync(query, Cancel);
        Assert.True(before.PhoneContactsPickedUp > 0);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "SELECT group_concat('ALTER TABLE ' || name || ' DROP COLUMN phone_picked', '; ') FROM sqlite_master WHERE type = 'table' AND name LIKE 'counts_%'";
            drop.CommandText = (string)(await drop.ExecuteScalarAsync(Cancel))!;
            await drop.ExecuteNonQueryAsync(Cancel);
        }

        var reopened = await ReopenAsync();

        // What was rolled up before counts zero in the new column; everything else is intact.
        var after = await reopened.SummarizeAsync(query, Cancel);
        Assert.Equal(before with { PhoneContactsPickedUp = 0, PhonePickUpRate = 0 }, after);

        // And what arrives from now on counts in it, as in a file made with the column.
        var fresh = new SqliteMetricsStore(Path.Combine(_folder, "fresh.db"), Calculator);
        await fresh.InitializeAsync(Cancel);
        foreach (var message in Examples.Published(Examples.C()))
        {
            await reopened.ApplyAsync(message, Cancel);
            await fresh.ApplyAsync(message, Cancel);
        }

        var added = (await fresh.SummarizeAsync(query, Cancel)).PhoneContactsPickedUp;
        Assert.True(added > 0);
        Assert.Equal(added, (await reopened.SummarizeAsync(query, Cancel)).PhoneContactsPickedUp);
    }
}
