using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.ObjectPool;
using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;
using Omnichannel.Hosting.Sqlite;
using Omnichannel.Hosting.Telemetry;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// The roll-ups of DOMAIN §4 in SQLite: counters per day x channel x motive x service (and coarser
/// levels, for the queries that filter on fewer columns), the channel-switch matrix, a histogram of
/// times to resolution, and the verdicts that change with time, counted by the hour they change in and
/// kept one by one for that last hour, so that any <c>asOf</c> is answered exactly. Each <c>ContactsReclassified</c> subtracts the old classifications
/// and adds the new ones in one transaction, once per cause: sums commute, so order and redelivery do not matter.
/// A query reads roll-ups only, never journeys.
/// </summary>
public sealed class SqliteMetricsStore(string path, MetricsCalculator calendar) : IMetricsStore
{
    private static readonly string[] Columns = [.. MetricCatalogue.Counters.Select(c => c.Column)];

    /// <summary>The roll-ups' levels (<see cref="RollUpLevel"/>), each with its statements.</summary>
    private static readonly Level[] Levels = [.. RollUpLevel.All.Select(l => new Level(l))];

    /// <summary>The channel switches' levels (<see cref="RollUpLevel.Switches"/>), each with its upsert.</summary>
    private static readonly Level[] SwitchLevels = [.. RollUpLevel.Switches.Select(l => new Level(l))];
    private readonly SqliteFile _file = new(path);

    /// <summary>Deltas cleared after each batch (see <see cref="RollUpDelta"/>).</summary>
    private readonly DefaultObjectPool<RollUpDelta> _deltas = new(new RollUpDeltaPolicy(calendar));

    /// <summary>
    /// The file's fixed tables as schema steps; never edit one that shipped. The roll-up levels and their
    /// counter columns follow from <see cref="Levels"/> and the metric catalogue instead, and are brought up
    /// to date at every start (<see cref="ReconcileAsync"/>).
    /// </summary>
    private static readonly SqliteSchema Schema = new("roll-up store",
    [
        """
        CREATE TABLE IF NOT EXISTS applied (source TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (source, id));
        CREATE TABLE IF NOT EXISTS switches (day INTEGER NOT NULL, from_channel INTEGER NOT NULL, channel INTEGER NOT NULL, motive TEXT NOT NULL, service TEXT NOT NULL,
            n INTEGER NOT NULL, PRIMARY KEY (day, from_channel, channel, motive, service));
        CREATE TABLE IF NOT EXISTS instants (verdict INTEGER NOT NULL, at INTEGER NOT NULL, day INTEGER NOT NULL, channel INTEGER NOT NULL, motive TEXT NOT NULL,
            service TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (verdict, at, day, channel, motive, service));
        """,
        // The channel switches by day alone, for the dashboards that name neither a motive nor a service (issue 22:
        // unfiltered, the page waited for every motive's and service's switches of the period), filled from the
        // switches kept so far.
        """
        CREATE TABLE switches_by_day (day INTEGER NOT NULL, from_channel INTEGER NOT NULL, channel INTEGER NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (day, from_channel, channel)) WITHOUT ROWID;
        INSERT INTO switches_by_day SELECT day, from_channel, channel, SUM(n) FROM switches GROUP BY day, from_channel, channel;
        """,
        // Times to resolution kept as one histogram per key (HistogramBlob): the reconciliation converts an older
        // file's bucket rows. A step of its own so that an older build refuses this file instead of reading its
        // percentiles from empty bucket tables.
        "SELECT 1",
        // The channel switches kept by service and by motive as well (RollUpLevel.Switches, made and filled by the
        // reconciliation): a step of its own so that an older build, which would not add to them, refuses this file.
        "SELECT 2",
    ]);

    /// <summary>One transaction: two processes starting on one file see the levels as they were, then as they are.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        Schema.MigrateAsync(_file, cancellationToken, (connection, transaction) => ReconcileAsync(connection, transaction, cancellationToken));

    /// <summary>Every level's tables, with a column per counter of the catalogue; a level new to this file starts from the finest.</summary>
    private static async Task ReconcileAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var counters = string.Join(", ", Columns.Select(c => $"{c} INTEGER NOT NULL DEFAULT 0"));
        var schema = new StringBuilder();
        foreach (var level in Levels)
        {
            var keys = KeyColumns(level.Keys);
            var key = string.Join(", ", level.Keys);
            schema.Append($"""
                CREATE TABLE IF NOT EXISTS counts_{level.Name} ({keys}, {counters}, PRIMARY KEY ({key})) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS open_{level.Name} (verdict INTEGER NOT NULL, hour INTEGER NOT NULL, {keys}, n INTEGER NOT NULL, PRIMARY KEY (verdict, hour, {key})) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS histograms_{level.Name} ({keys}, h BLOB, PRIMARY KEY ({key})) WITHOUT ROWID;

                """);
        }

        await using var existing = SqliteFile.Command(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'table'");
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await existing.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var level in RollUpLevel.Switches.Where(l => !tables.Contains(l.Name)))
        {
            // A switch level new to this file starts from the finest switches: the same sums, regrouped.
            var keys = string.Join(", ", level.Keys);
            schema.Append($"""
                CREATE TABLE {level.Name} ({KeyColumns(SwitchKey(level))}, n INTEGER NOT NULL, PRIMARY KEY ({string.Join(", ", SwitchKey(level))})) WITHOUT ROWID;
                INSERT INTO {level.Name} ({keys}, from_channel, n) SELECT {keys}, from_channel, SUM(n) FROM switches GROUP BY {keys}, from_channel;

                """);
        }

        var before = tables.Where(t => t.StartsWith("counts_", StringComparison.Ordinal)).Select(t => t["counts_".Length..]).ToHashSet(StringComparer.Ordinal);
        await using var command = SqliteFile.Command(connection, transaction, schema.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
        HistogramBlob.Register(connection);
        foreach (var level in Levels.Where(l => tables.Contains($"resolutions_{l.Name}")))
        {
            // A file made before the histograms were values: each key's bucket rows become its histogram.
            var keys = string.Join(", ", level.Keys);
            await using var convert = SqliteFile.Command(connection, transaction, $"""
                INSERT INTO histograms_{level.Name} ({keys}, h) SELECT {keys}, {HistogramBlob.OfAggregate}(bucket, n) FROM resolutions_{level.Name} GROUP BY {keys};
                DROP TABLE resolutions_{level.Name};
                DROP TABLE IF EXISTS coarse_resolutions_{level.Name};
                """);
            await convert.ExecuteNonQueryAsync(cancellationToken);
        }

        await ClusterByKeyAsync(connection, transaction, cancellationToken);
        foreach (var level in Levels.Where(l => before.Contains(l.Name)))
        {
            await AddMissingCountersAsync(connection, transaction, level, cancellationToken);
        }

        if (before.Contains("all"))
        {
            // A level added since this file was made starts from the finest level: the same sums, regrouped.
            foreach (var level in Levels.Where(l => !before.Contains(l.Name)))
            {
                await using var backfill = SqliteFile.Command(connection, transaction, Backfill(level));
                await backfill.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Every table of this file is kept in the order of its key (WITHOUT ROWID): a period's rows are read in a
    /// row rather than looked up one by one through a separate index, and a write changes one b-tree rather than
    /// two (issue 22: a dashboard over 90 days of 300,000 interactions read 3 to 5 times faster, the file half
    /// as big). A table made before is copied once into that shape, in the start's transaction.
    /// </summary>
    private static async Task ClusterByKeyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, string Sql)>();
        await using (var list = SqliteFile.Command(connection, transaction,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%PRIMARY KEY%' AND sql NOT LIKE '%WITHOUT ROWID'"))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, sql) in tables)
        {
            // The table's own definition (with any counter added since), under a new name, in key order.
            await using var copy = SqliteFile.Command(connection, transaction, $"""
                CREATE TABLE {name}_clustered {sql[sql.IndexOf('(', StringComparison.Ordinal)..]} WITHOUT ROWID;
                INSERT INTO {name}_clustered SELECT * FROM {name};
                DROP TABLE {name};
                ALTER TABLE {name}_clustered RENAME TO {name};
                """);
            await copy.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A counter added to the catalogue since this file was made becomes a column of every level, zero for
    /// what was rolled up before (a replay of the journeys fills it).
    /// </summary>
    private static async Task AddMissingCountersAsync(SqliteConnection connection, SqliteTransaction transaction, Level level, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var columns = SqliteFile.Command(connection, transaction, $"SELECT name FROM pragma_table_info('counts_{level.Name}')"))
        await using (var reader = await columns.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetString(0));
            }
        }

        foreach (var column in Columns.Where(c => !present.Contains(c)))
        {
            await using var alter = SqliteFile.Command(connection, transaction, $"ALTER TABLE counts_{level.Name} ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0");
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A switch level's key: its own, with the channel switched from before the channel switched to.</summary>
    private static IEnumerable<string> SwitchKey(RollUpLevel level) => level.Keys.SelectMany(k => k == "channel" ? ["from_channel", k] : new[] { k });

    /// <summary>Key columns' definitions: the motive and the service are texts, the rest numbers.</summary>
    private static string KeyColumns(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"{k} {(k is "motive" or "service" ? "TEXT" : "INTEGER")} NOT NULL"));

    private static string Backfill(Level level)
    {
        var keys = string.Join(", ", level.Keys);
        var sums = string.Join(", ", Columns.Select(c => $"SUM({c})"));
        return $"""
            INSERT INTO counts_{level.Name} ({keys}, {string.Join(", ", Columns)}) SELECT {keys}, {sums} FROM counts_all GROUP BY {keys};
            INSERT INTO open_{level.Name} (verdict, hour, {keys}, n) SELECT verdict, hour, {keys}, SUM(n) FROM open_all GROUP BY verdict, hour, {keys};
            INSERT INTO histograms_{level.Name} ({keys}, h) SELECT {keys}, {HistogramBlob.SumAggregate}(h) FROM histograms_all GROUP BY {keys};
            """;
    }

    /// <returns>False when this message's cause was applied before: nothing changed.</returns>
    public async Task<bool> ApplyAsync(ContactsReclassified message, CancellationToken cancellationToken) =>
        await ApplyAsync([message], cancellationToken) == 1;

    /// <summary>
    /// Applies messages in one transaction (one disk flush); returns how many were new. Their changes are
    /// summed in memory first (<see cref="RollUpDelta"/>), then each level gets one upsert per key touched,
    /// through statements compiled once per batch.
    /// </summary>
    public async Task<int> ApplyAsync(IReadOnlyList<ContactsReclassified> messages, CancellationToken cancellationToken)
    {
        using var activity = OmnichannelTelemetry.StartStoreCall("metrics-store", "apply");
        ArgumentNullException.ThrowIfNull(messages);
        await using var connection = await _file.OpenAsync(cancellationToken);
        SqliteFile.TuneForWriting(connection);
        HistogramBlob.Register(connection);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var delta = _deltas.Get();
        try
        {
            var applied = 0;
            using (var markApplied = new PreparedStatement(connection, "INSERT OR IGNORE INTO applied (source, id) VALUES ($1, $2)"))
            {
                foreach (var message in messages)
                {
                    if (markApplied.Bind(1, message.Cause.Source).Bind(2, message.Cause.Id).Run() == 0)
                    {
                        continue;
                    }

                    applied++;
                    foreach (var change in message.Changes)
                    {
                        delta.Add(change.New, 1);
                        if (change.Old is not null)
                        {
                            delta.Add(change.Old, -1);
                        }
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            Write(connection, delta);
            await transaction.CommitAsync(cancellationToken);
            return applied;
        }
        finally
        {
            _deltas.Return(delta);
        }
    }

    public async Task<MetricsSummary> SummarizeAsync(MetricsQuery query, CancellationToken cancellationToken) =>
        (await QueryAsync(query, Grouping.None, cancellationToken)).GetValueOrDefault("", Empty());

    public async Task<IReadOnlyList<(DateOnly Day, MetricsSummary Summary)>> TimeseriesAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var byDay = await QueryAsync(query, Grouping.Day, cancellationToken);
        var days = new List<(DateOnly, MetricsSummary)>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            days.Add((day, byDay.GetValueOrDefault(day.DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), Empty())));
        }

        return days;
    }

    public async Task<IReadOnlyList<MotiveReiteration>> MotivesAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. (await QueryAsync(query, Grouping.Motive, cancellationToken))
            .Where(m => m.Key.Length > 0 && m.Value.Contacts > 0)
            .Select(m => new MotiveReiteration(m.Key, m.Value.Contacts, m.Value.Reiterations, m.Value.ReiterationRate, m.Value.FcrRate))
            .OrderByDescending(m => m.Reiterations).ThenByDescending(m => m.ReiterationRate).ThenBy(m => m.Motive, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ChannelSwitch>> ChannelSwitchesAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _file.OpenAsync(cancellationToken);
        var (where, parameters) = Filter(query);
        var level = RollUpLevel.For(query, groupsByMotive: false, among: RollUpLevel.Switches);
        await using var command = SqliteFile.Command(connection, null,
            $"SELECT from_channel, channel, SUM(n) FROM {level.Name} WHERE {where}{Seek(level, query, level.Name)} GROUP BY from_channel, channel HAVING SUM(n) > 0 ORDER BY from_channel, channel", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var switches = new List<ChannelSwitch>();
        while (await reader.ReadAsync(cancellationToken))
        {
            switches.Add(new ChannelSwitch((Channel)reader.GetInt32(0), (Channel)reader.GetInt32(1), reader.GetInt32(2)));
        }

        return switches;
    }

    public async Task<IReadOnlyList<ServiceMetrics>> ServicesAsync(MetricsQuery query, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(query, Grouping.Service, cancellationToken))
            .Where(s => s.Value.Contacts > 0)
            .Select(s => new ServiceMetrics(s.Key, s.Value))
            .OrderByDescending(s => s.Metrics.Contacts).ThenBy(s => s.Service, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<ServiceDue>> DueAsync(DateTimeOffset from, DateTimeOffset until, string? service, CancellationToken cancellationToken)
    {
        using var activity = OmnichannelTelemetry.StartStoreCall("metrics-store", "due");
        var level = RollUpLevel.ByService.Name;
        var hour = from.UtcTicks / TimeSpan.TicksPerHour;
        var only = service is null ? "" : " AND service = $service";
        // By the hour after from's hour (the open rows' key leads with verdict and hour: a range), then one
        // by one within from's hour.
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null, $"""
            SELECT service, verdict, SUM(n) FROM (
                SELECT service, verdict, n FROM open_{level} WHERE verdict IN (2, 3) AND hour > $hour AND hour <= $last{only}
                UNION ALL
                SELECT service, verdict, n FROM instants WHERE verdict IN (2, 3) AND at > $from AND at < $nextHour{only})
            GROUP BY service, verdict HAVING SUM(n) > 0
            """,
            [("$hour", hour), ("$last", until.UtcTicks / TimeSpan.TicksPerHour), ("$from", from.UtcTicks), ("$nextHour", (hour + 1) * TimeSpan.TicksPerHour), ("$service", service)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string Service, TimeVerdict Verdict, long Count)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), (TimeVerdict)reader.GetInt32(1), reader.GetInt64(2)));
        }

        return ServiceDue.Of(rows);
    }

    private enum Grouping
    {
        None,
        Day,
        Motive,
        Service,
    }

    private async Task<Dictionary<string, MetricsSummary>> QueryAsync(MetricsQuery query, Grouping grouping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var activity = OmnichannelTelemetry.StartStoreCall("metrics-store", "query");
        // The smallest roll-up that has the columns the query filters or groups on.
        var chosen = RollUpLevel.For(query, grouping == Grouping.Motive, grouping == Grouping.Service);
        var level = Levels.First(l => l.Name == chosen.Name);
        var group = grouping switch { Grouping.Day => "CAST(day AS TEXT)", Grouping.Motive => "motive", Grouping.Service => "service", _ => "''" };
        var (where, parameters) = Filter(query);
        var asOf = query.AsOf.UtcTicks;
        var hour = asOf / TimeSpan.TicksPerHour;
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var read = connection.BeginTransaction(deferred: true);

        var counters = new Dictionary<string, long[]>(StringComparer.Ordinal);
        await using (var command = SqliteFile.Command(connection, read, $"SELECT {group}, {string.Join(", ", Columns.Select(c => $"SUM({c})"))} FROM counts_{level.Name} WHERE {where}{Seek(chosen, query, $"counts_{level.Name}")} GROUP BY 1", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counters[reader.GetString(0)] = [.. Enumerable.Range(1, Columns.Length).Select(reader.GetInt64)];
            }
        }

        // Verdicts still open at asOf (FCR and acknowledgement until their instant, a deadline until it is
        // past): by the hour after asOf's hour, then one by one within asOf's hour.
        var open = new Dictionary<(string, TimeVerdict), long>();
        await using (var command = SqliteFile.Command(connection, read, $"""
            SELECT {group}, verdict, SUM(n) FROM open_{level.Name} WHERE verdict IN (1, 2, 3) AND hour > $hour AND {where} GROUP BY 1, 2
            UNION ALL
            SELECT {group}, verdict, SUM(n) FROM instants
            WHERE verdict IN (1, 2, 3) AND at >= $asOf AND at < $nextHour AND (at > $asOf OR verdict = 3) AND {where} GROUP BY 1, 2
            """, [.. parameters, ("$hour", hour), ("$asOf", asOf), ("$nextHour", (hour + 1) * TimeSpan.TicksPerHour)]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0), (TimeVerdict)reader.GetInt32(1));
                open[key] = open.GetValueOrDefault(key) + reader.GetInt64(2);
            }
        }

        // Times to resolution: a histogram per key of the level, summed by group.
        var histograms = new Dictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
        var histogram = new byte[256];
        await using (var command = SqliteFile.Command(connection, read, $"SELECT {group}, h FROM histograms_{level.Name} WHERE {where}{Seek(chosen, query, $"histograms_{level.Name}")}", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                if (!histograms.TryGetValue(key, out var sums))
                {
                    histograms[key] = sums = [];
                }

                if (!reader.IsDBNull(1))
                {
                    var length = (int)reader.GetBytes(1, 0, null, 0, 0);
                    if (length > histogram.Length)
                    {
                        histogram = new byte[Math.Max(length, 2 * histogram.Length)];
                    }

                    reader.GetBytes(1, 0, histogram, 0, length);
                    HistogramBlob.AddTo(histogram.AsSpan(0, length), sums);
                }
            }
        }

        var resolutions = histograms.ToDictionary(h => h.Key, h => HistogramBlob.Positive(h.Value), StringComparer.Ordinal);
        return counters.ToDictionary(c => c.Key, c => Summary(c.Value, k => open.GetValueOrDefault((c.Key, k)), resolutions.GetValueOrDefault(c.Key) ?? []), StringComparer.Ordinal);
    }

    /// <summary>
    /// For a level kept motive first (<c>motiveservice</c>, <c>motiveall</c>, <c>switches_by_motive</c>), read from a table keyed by it: the motives of the query's
    /// prefix that the table holds, found by seeking from one to the next along its key (a handful of seeks;
    /// SQLite has no skip-scan), so that each is read as one range of the period's days rather than all its days.
    /// Implied by the query's own motive condition: it narrows what is read, never what is counted.
    /// </summary>
    private static string Seek(RollUpLevel level, MetricsQuery query, string table) =>
        level.Keys[0] != "motive" || query.Motive is null ? "" : $"""
             AND motive IN (WITH RECURSIVE m(v) AS (
                SELECT min(motive) FROM {table} WHERE motive >= $motive AND motive < $motiveEnd
                UNION ALL SELECT (SELECT min(motive) FROM {table} WHERE motive > m.v AND motive < $motiveEnd) FROM m WHERE m.v IS NOT NULL)
              SELECT v FROM m WHERE v IS NOT NULL)
            """;

    private static MetricsSummary Summary(long[] counters, Func<TimeVerdict, long> open, List<(int Bucket, long Count)> resolutions) =>
        MetricCatalogue.Summarize(counters, open, (ResolutionHistogram.NearestRank(resolutions, 0.5), ResolutionHistogram.NearestRank(resolutions, 0.9)));

    private static MetricsSummary Empty() => Summary(new long[Columns.Length], _ => 0, []);

    private static (string Where, (string, object?)[] Parameters) Filter(MetricsQuery query)
    {
        var where = new StringBuilder("day BETWEEN $from AND $to");
        var parameters = new List<(string, object?)> { ("$from", (long)query.From.DayNumber), ("$to", (long)query.To.DayNumber) };
        if (query.Channel is { } channel)
        {
            where.Append(" AND channel = $channel");
            parameters.Add(("$channel", (int)channel));
        }

        if (query.Motive is { } motive)
        {
            // A motive prefix (Domain MotivePrefix): the motive itself or one below it. Both lie between the motive
            // and the motive followed by '/' (the character after '.'): where a level kept motive first is read
            // (Seek), that range is sought; it also holds motives that merely start alike ("pas-x"), which
            // this condition leaves out.
            where.Append(" AND (motive = $motive OR substr(motive, 1, length($motive) + 1) = $motive || '.')");
            parameters.Add(("$motive", motive));
            parameters.Add(("$motiveEnd", motive + "/"));
        }

        if (query.Service is { } service)
        {
            where.Append(" AND service = $service");
            parameters.Add(("$service", service));
        }

        return (where.ToString(), [.. parameters]);
    }

    /// <summary>Every level gets the batch's sums: a query reads one level, so each must hold every change.</summary>
    private static void Write(SqliteConnection connection, RollUpDelta delta)
    {
        var histogram = new ArrayBufferWriter<byte>();
        foreach (var level in Levels)
        {
            using (var add = new PreparedStatement(connection, level.AddCounts))
            {
                foreach (var (key, sums) in level.IsFinest ? delta.Counts : delta.CountsUnder(level.Project))
                {
                    if (Array.TrueForAll(sums, n => n == 0))
                    {
                        continue;
                    }

                    var position = level.BindKey(add, key, 1);
                    foreach (var n in sums)
                    {
                        add.Bind(position++, n);
                    }

                    add.Run();
                }
            }

            using (var add = new PreparedStatement(connection, level.AddOpen))
            {
                foreach (var ((key, verdict, hour), n) in level.IsFinest ? delta.Open : delta.OpenUnder(level.Project))
                {
                    if (n != 0)
                    {
                        add.Bind(1, verdict).Bind(2, hour).Bind(level.BindKey(add, key, 3), n).Run();
                    }
                }
            }

            using (var add = new PreparedStatement(connection, level.AddHistogram))
            {
                foreach (var (key, buckets) in delta.HistogramsUnder(level.Project))
                {
                    HistogramBlob.Write(buckets, histogram);
                    if (histogram.WrittenCount > 0)
                    {
                        add.Bind(level.BindKey(add, key, 1), histogram.WrittenSpan).Run();
                    }
                }
            }
        }

        foreach (var level in SwitchLevels)
        {
            using var add = new PreparedStatement(connection, level.AddSwitches);
            foreach (var ((key, from), n) in level.IsFinest ? delta.Switches : delta.SwitchesUnder(level.Project))
            {
                if (n != 0)
                {
                    add.Bind(level.BindKey(add, key, 1), from).Bind(level.Keys.Length + 2, n).Run();
                }
            }
        }

        using (var add = new PreparedStatement(connection, "INSERT INTO instants VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO UPDATE SET n = n + excluded.n"))
        {
            foreach (var ((key, verdict, at), n) in delta.Instants)
            {
                if (n != 0)
                {
                    add.Bind(1, verdict).Bind(2, at).Bind(3, key.Day).Bind(4, key.Channel).Bind(5, key.Motive).Bind(6, key.Service).Bind(7, n).Run();
                }
            }
        }
    }

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => $"${i}"));

    /// <summary>A roll-up level: its key columns, and its upserts, written once.</summary>
    private sealed class Level
    {
        private readonly RollUpLevel _level;

        public Level(RollUpLevel level)
        {
            _level = level;
            var (name, keys) = (level.Name, level.Keys);
            Name = name;
            Keys = keys;
            var columns = string.Join(", ", keys);
            AddCounts = $"INSERT INTO counts_{name} ({columns}, {string.Join(", ", Columns)}) VALUES ({Placeholders(keys.Length + Columns.Length)}) "
                + $"ON CONFLICT DO UPDATE SET {string.Join(", ", Columns.Select(c => $"{c} = {c} + excluded.{c}"))}";
            AddOpen = $"INSERT INTO open_{name} (verdict, hour, {columns}, n) VALUES ({Placeholders(keys.Length + 3)}) ON CONFLICT DO UPDATE SET n = n + excluded.n";
            AddHistogram = $"INSERT INTO histograms_{name} ({columns}, h) VALUES ({Placeholders(keys.Length + 1)}) ON CONFLICT DO UPDATE SET h = {HistogramBlob.AddFunction}(h, excluded.h)";
            AddSwitches = $"INSERT INTO {name} ({columns}, from_channel, n) VALUES ({Placeholders(keys.Length + 2)}) ON CONFLICT DO UPDATE SET n = n + excluded.n";
        }

        public string Name { get; }

        public string[] Keys { get; }

        public Contribution Project(Contribution key) => _level.Project(key);

        public bool IsFinest => _level.IsFinest;

        /// <summary>Binds this level's key columns, in their order, from <paramref name="position"/>; returns the position after them.</summary>
        public int BindKey(PreparedStatement statement, Contribution key, int position)
        {
            foreach (var column in Keys)
            {
                _ = column switch
                {
                    "day" => statement.Bind(position++, key.Day),
                    "channel" => statement.Bind(position++, key.Channel),
                    "motive" => statement.Bind(position++, key.Motive),
                    _ => statement.Bind(position++, key.Service),
                };
            }

            return position;
        }

        public string AddCounts { get; }

        public string AddOpen { get; }

        public string AddHistogram { get; }

        /// <summary>For a switch level (<see cref="RollUpLevel.Switches"/>): its key, the channel switched from, the count.</summary>
        public string AddSwitches { get; }
    }

    private sealed class RollUpDeltaPolicy(MetricsCalculator calendar) : PooledObjectPolicy<RollUpDelta>
    {
        public override RollUpDelta Create() => new(calendar);

        public override bool Return(RollUpDelta obj)
        {
            obj.Clear();
            return true;
        }
    }
}
