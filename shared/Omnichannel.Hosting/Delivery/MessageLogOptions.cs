using System.ComponentModel.DataAnnotations;

namespace Omnichannel.Hosting.Delivery;

/// <summary>The embedded default's durable message log; bound from <c>MessageLog</c> (env <c>MessageLog__SqlitePath</c>...).</summary>
public sealed class MessageLogOptions
{
    public const string SectionName = "MessageLog";

    /// <summary>The SQLite file the log keeps its messages in until their consumers finished with them.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/messages.db";

    /// <summary>
    /// The most bytes of messages not yet consumed that the log holds before ingestion answers 503 with
    /// Retry-After (a recorded interaction takes about 500 bytes: 1 GiB is about two million interactions).
    /// The journey's own messages are always taken, so that it can drain what is there.
    /// </summary>
    [Range(1_024, long.MaxValue)]
    public long MaxBacklogBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Messages of one queue handed to the in-memory bus and not yet consumed, at most: the rest waits on
    /// disk, so that the process's memory does not grow with the backlog. Above what a consumer holds at
    /// once (the journey: 2 batches of 200 messages).
    /// </summary>
    [Range(1, 100_000)]
    public int DeliveryWindow { get; set; } = 600;
}
