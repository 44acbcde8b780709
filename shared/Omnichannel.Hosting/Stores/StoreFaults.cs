using MassTransit;
using Microsoft.Data.Sqlite;
using MongoDB.Driver;

namespace Omnichannel.Hosting.Stores;

/// <summary>
/// Which failures are the store's, not the message's: a busy, locked, read-only or full SQLite file, an I/O
/// error, a file that cannot be opened, a MongoDB server that is down, failing over or timing out; and a
/// publish RabbitMQ returned because no queue takes it yet (the next role not started). Those are
/// waited out (<see cref="StoreOutage"/>), never sent to an error queue; any other failure is the message's.
/// </summary>
public static class StoreFaults
{
    /// <summary>SQLite result codes of the file, not of the statement: BUSY 5, LOCKED 6, READONLY 8, IOERR 10, CORRUPT 11, FULL 13, CANTOPEN 14, PROTOCOL 15, NOTADB 26.</summary>
    private static readonly HashSet<int> SqliteFileCodes = [5, 6, 8, 10, 11, 13, 14, 15, 26];

    public static bool IsStoreFault(Exception exception) => exception switch
    {
        SqliteException sqlite => SqliteFileCodes.Contains(sqlite.SqliteErrorCode),
        IOException or UnauthorizedAccessException => true,
        MongoConnectionException or MongoNotPrimaryException or MongoNodeIsRecoveringException or MongoWaitQueueFullException => true,
        MongoExecutionTimeoutException or TimeoutException => true,
        MongoException mongo when mongo.HasErrorLabel("RetryableWriteError") || mongo.HasErrorLabel("TransientTransactionError") => true,
        MongoWriteConcernException => true,
        // What a unit of work announces has no queue to take it (the role consuming it has not yet started on this
        // broker): RabbitMQ returned the mandatory publish. Not the message's fault either: waited out, in hand.
        MessageReturnedException or RabbitMQ.Client.Exceptions.PublishReturnException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStoreFault),
        _ => exception.InnerException is { } inner && IsStoreFault(inner),
    };
}
