using System.Text.Json;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Hosting.Sqlite;
using Omnichannel.Hosting.Telemetry;

namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// The embedded default's durable queue: every message the modules hand to the in-memory bus is first written
/// here, and a publish returns only once SQLite has it on disk (WAL, <c>synchronous = FULL</c>: fsync'd at
/// commit). <see cref="MessageLogDelivery"/> delivers the messages to the in-memory bus and removes each once
/// its consumer finished with it, or keeps it as faulted (the embedded default's error queue, which
/// <see cref="ReplayFaultedAsync"/> moves back). After a crash every message not finished is delivered
/// again; the consumers are idempotent (by interaction key, by cause). Appends, removals and faults of many
/// callers share one transaction and one fsync (group commit). Decision record:
/// docs/decisions/0001-embedded-message-log.md.
/// </summary>
public sealed partial class MessageLog : IDurablePublisher, IAsyncDisposable
{
    /// <summary>How message bodies are written: the same JSON as the HTTP APIs (camelCase, enum numbers).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(MessageLogJson.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Work items the writer takes in one transaction, at most.</summary>
    private const int MaxItemsPerTransaction = 2_000;

    /// <summary>The file's schema steps; never edit one that shipped.</summary>
    private static readonly SqliteSchema Schema = new("message log",
    [
        """
        CREATE TABLE IF NOT EXISTS messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            destination TEXT NOT NULL,
            type TEXT NOT NULL,
            message_id TEXT NOT NULL,
            correlation_id TEXT,
            body BLOB NOT NULL,
            faulted_in TEXT,
            faulted_at TEXT,
            reason TEXT,
            trace_parent TEXT);
        CREATE INDEX IF NOT EXISTS messages_pending ON messages (destination, seq) WHERE faulted_in IS NULL;
        CREATE INDEX IF NOT EXISTS messages_faulted ON messages (faulted_in) WHERE faulted_in IS NOT NULL;
        CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL);
        """,
    ]);

    private readonly SqliteFile _file;
    private readonly MessageLogOptions _options;
    private readonly ILogger<MessageLog> _logger;
    private readonly GroupCommit<Work> _work;
    private WriterStatements? _writer;
    private long _backlogBytes;
    private long _backlogMessages;

    public MessageLog(IOptions<MessageLogOptions> options, ILogger<MessageLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _file = new SqliteFile(_options.SqlitePath);
        _logger = logger;
        _work = new GroupCommit<Work>(MaxItemsPerTransaction, Write, Failed, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Messages just made durable, in order (the delivery takes them without reading them back).</summary>
    public event Action<IReadOnlyList<LoggedMessage>>? Appended;

    public long BacklogBytes => Interlocked.Read(ref _backlogBytes);

    public long BacklogMessages => Interlocked.Read(ref _backlogMessages);

    public bool IsFull => BacklogBytes >= _options.MaxBacklogBytes;

    public MessageLogOptions Options => _options;

    /// <summary>Creates the file (and its folder) or opens it, and counts what it still holds.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return;
        }

        await Schema.MigrateAsync(_file, cancellationToken);
        var writer = await _file.OpenAsync(cancellationToken);
        await using (var count = SqliteFile.Command(writer, null, "SELECT count(*), coalesce(sum(length(body)), 0) FROM messages WHERE faulted_in IS NULL"))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            _backlogMessages = reader.GetInt64(0);
            _backlogBytes = reader.GetInt64(1);
        }

        _writer = new WriterStatements(writer);
        if (_backlogMessages > 0)
        {
            LogBacklog(_logger, _backlogMessages, _backlogBytes);
        }
    }

    public Task PublishAsync<T>(IPublishEndpoint via, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class =>
        AppendAsync(PublishDestination(typeof(T)), messages, cancellationToken);

    public Task SendAsync<T>(ISendEndpointProvider via, string queue, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class =>
        AppendAsync($"queue:{queue}", messages, cancellationToken);

    /// <summary>Where a publish of this type is logged for.</summary>
    public static string PublishDestination(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"publish:{type.FullName}";
    }

    /// <summary>Appends messages; returns once they are on disk.</summary>
    public async Task AppendAsync<T>(string destination, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        using var activity = OmnichannelTelemetry.StartStoreCall("message-log", "append");
        var parent = System.Diagnostics.Activity.Current?.Id;
        var rows = messages.Select(m => new Row(destination, typeof(T), m.Message, JsonSerializer.SerializeToUtf8Bytes(m.Message, Json), m.MessageId, m.CorrelationId, parent)).ToList();
        var append = new Append(rows);
        Enqueue(append);
        await append.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A consumer finished with the message: it leaves the log (in the next transaction; a crash before it delivers it again).</summary>
    public void Complete(long seq, int bytes) => Enqueue(new Removal(seq, bytes));

    /// <summary>The message went to the error queue of <paramref name="queue"/>: kept there until replayed.</summary>
    public void Fault(long seq, int bytes, string queue, string reason) => Enqueue(new Faulting(seq, bytes, queue, reason));

    /// <summary>A small write through the writer: fails while the log's file cannot be written.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = new Probe();
        Enqueue(probe);
        await probe.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Messages of a destination still to deliver, after <paramref name="afterSeq"/>, in order.</summary>
    public async Task<IReadOnlyList<LoggedMessage>> ReadPendingAsync(string destination, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null,
            "SELECT seq, type, message_id, correlation_id, body, trace_parent FROM messages WHERE destination = $destination AND faulted_in IS NULL AND seq > $after ORDER BY seq LIMIT $limit",
            ("$destination", destination), ("$after", afterSeq), ("$limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<LoggedMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var body = (byte[])reader.GetValue(4);
            var type = Type.GetType(reader.GetString(1), throwOnError: true)!;
            messages.Add(new LoggedMessage(reader.GetInt64(0), destination, type, Guid.Parse(reader.GetString(2)), reader.IsDBNull(3) ? null : Guid.Parse(reader.GetString(3)), body.Length) { Body = body, TraceParent = reader.IsDBNull(5) ? null : reader.GetString(5) });
        }

        return messages;
    }

    /// <summary>The destinations of every message the file holds, to deliver or faulted.</summary>
    public async Task<IReadOnlyList<string>> DestinationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null, "SELECT DISTINCT destination FROM messages");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var destinations = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            destinations.Add(reader.GetString(0));
        }

        return destinations;
    }

    /// <summary>
    /// Moves the faulted messages of a queue (<c>journey-stitch-interaction</c>, or its <c>_error</c> name)
    /// back to be delivered again, after every message waiting; returns how many. Runs from another process
    /// too (the <c>replay-errors</c> command): a running host picks them up within seconds.
    /// </summary>
    public static async Task<int> ReplayFaultedAsync(string path, string queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var name = queue.EndsWith("_error", StringComparison.Ordinal) ? queue[..^"_error".Length] : queue;
        var file = new SqliteFile(path);
        await using var connection = await file.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var copy = SqliteFile.Command(connection, transaction, """
            INSERT INTO messages (destination, type, message_id, correlation_id, body, trace_parent)
            SELECT destination, type, message_id, correlation_id, body, trace_parent FROM messages WHERE faulted_in = $queue ORDER BY seq
            """, ("$queue", name));
        var moved = await copy.ExecuteNonQueryAsync(cancellationToken);
        await using var remove = SqliteFile.Command(connection, transaction, "DELETE FROM messages WHERE faulted_in = $queue", ("$queue", name));
        await remove.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    /// <summary>The faulted messages of every queue: queue, count, the latest reason.</summary>
    public static async Task<IReadOnlyList<(string Queue, long Count, string Reason)>> FaultedAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await new SqliteFile(path).OpenAsync(cancellationToken);
        await using var command = SqliteFile.Command(connection, null,
            "SELECT faulted_in, count(*), max(faulted_at), (SELECT reason FROM messages m2 WHERE m2.faulted_in = m.faulted_in ORDER BY seq DESC LIMIT 1) FROM messages m WHERE faulted_in IS NOT NULL GROUP BY faulted_in ORDER BY faulted_in");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var faulted = new List<(string, long, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            faulted.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(3) ? "" : reader.GetString(3)));
        }

        return faulted;
    }

    /// <summary>Writes what is still waiting (removals of consumed messages among it), then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _work.DisposeAsync();
        _writer?.Dispose();
    }

    private void Enqueue(Work work)
    {
        if (_writer is null)
        {
            throw new InvalidOperationException("The message log is not initialized.");
        }

        if (!_work.TryEnqueue(work))
        {
            work.Fail(new ObjectDisposedException(nameof(MessageLog), "The message log is closing."));
        }
    }

    /// <summary>
    /// One group (<see cref="GroupCommit{TWork}"/>: everything waiting, and what a failed transaction left
    /// first) in one transaction, committed with one fsync, then answered.
    /// </summary>
    private void Write(List<Work> group)
    {
        var sql = _writer!;
        var appended = new List<LoggedMessage>();
        using (var transaction = sql.Begin())
        {
            foreach (var work in group)
            {
                switch (work)
                {
                    case Append append:
                        foreach (var row in append.Rows)
                        {
                            var seq = sql.Insert.Bind(1, row.Destination).Bind(2, TypeName(row.Type)).Bind(3, row.MessageId.ToString())
                                .Bind(4, row.CorrelationId?.ToString()).Bind(5, row.Body).Bind(6, row.TraceParent).QueryInt64()!.Value;
                            appended.Add(new LoggedMessage(seq, row.Destination, row.Type, row.MessageId, row.CorrelationId, row.Body.Length) { Message = row.Message, TraceParent = row.TraceParent });
                        }

                        break;
                    case Removal complete:
                        sql.Remove.Bind(1, complete.Seq).Run();
                        break;
                    case Faulting faulted:
                        sql.Fault.Bind(1, faulted.Queue).Bind(2, DateTimeOffset.UtcNow.ToString("O")).Bind(3, faulted.Reason).Bind(4, faulted.Seq).Run();
                        break;
                    case Probe:
                        sql.Probe.Bind(1, DateTimeOffset.UtcNow.ToString("O")).Run();
                        break;
                }
            }

            transaction.Commit();
        }

        foreach (var work in group)
        {
            work.Succeed();
            if (work is Removal or Faulting)
            {
                var bytes = work is Removal removal ? removal.Bytes : ((Faulting)work).Bytes;
                Interlocked.Add(ref _backlogBytes, -bytes);
                Interlocked.Decrement(ref _backlogMessages);
            }
        }

        if (appended.Count > 0)
        {
            Interlocked.Add(ref _backlogBytes, appended.Sum(m => (long)m.Bytes));
            Interlocked.Add(ref _backlogMessages, appended.Count);
            Appended?.Invoke(appended);
        }
    }

    /// <summary>
    /// A failed commit fails its appends and probes (their callers answer 503) and keeps its removals and
    /// faults for the next try: a message consumed stays consumed.
    /// </summary>
    private List<Work> Failed(List<Work> group, Exception e)
    {
        LogWriteFailed(_logger, group.Count, e.Message);
        var retry = new List<Work>();
        foreach (var work in group)
        {
            if (work is Removal or Faulting)
            {
                retry.Add(work);
            }
            else
            {
                work.Fail(e);
            }
        }

        return retry;
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    [LoggerMessage(Level = LogLevel.Information, Message = "The message log holds {Messages} message(s) ({Bytes} bytes) not yet consumed: delivering them again")]
    private static partial void LogBacklog(ILogger logger, long messages, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The message log could not write {Items} item(s): {Error}")]
    private static partial void LogWriteFailed(ILogger logger, int items, string error);

    /// <summary>The writer's connection (fsync at every commit) and its statements, compiled once and run in each group's transaction.</summary>
    private sealed class WriterStatements : IDisposable
    {
        private readonly SqliteConnection _connection;

        public WriterStatements(SqliteConnection connection)
        {
            _connection = connection;
            SqliteFile.TuneForWriting(connection);
            using (var synchronous = SqliteFile.Command(connection, null, "PRAGMA synchronous = FULL"))
            {
                synchronous.ExecuteNonQuery();
            }

            Insert = new(connection, "INSERT INTO messages (destination, type, message_id, correlation_id, body, trace_parent) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq");
            Remove = new(connection, "DELETE FROM messages WHERE seq = $1");
            Fault = new(connection, "UPDATE messages SET faulted_in = $1, faulted_at = $2, reason = $3 WHERE seq = $4");
            Probe = new(connection, "INSERT OR REPLACE INTO probe (id, at) VALUES (1, $1)");
        }

        public PreparedStatement Insert { get; }

        public PreparedStatement Remove { get; }

        public PreparedStatement Fault { get; }

        public PreparedStatement Probe { get; }

        public SqliteTransaction Begin() => _connection.BeginTransaction();

        public void Dispose()
        {
            Insert.Dispose();
            Remove.Dispose();
            Fault.Dispose();
            Probe.Dispose();
            _connection.Dispose();
        }
    }

    private sealed record Row(string Destination, Type Type, object Message, byte[] Body, Guid MessageId, Guid? CorrelationId, string? TraceParent);

    private abstract class Work
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Succeed() => Done.TrySetResult();

        public void Fail(Exception e) => Done.TrySetException(e);
    }

    private sealed class Append(List<Row> rows) : Work
    {
        public List<Row> Rows { get; } = rows;
    }

    private sealed class Removal(long seq, int bytes) : Work
    {
        public long Seq { get; } = seq;

        public int Bytes { get; } = bytes;
    }

    private sealed class Faulting(long seq, int bytes, string queue, string reason) : Work
    {
        public long Seq { get; } = seq;

        public int Bytes { get; } = bytes;

        public string Queue { get; } = queue;

        public string Reason { get; } = reason;
    }

    private sealed class Probe : Work;
}
