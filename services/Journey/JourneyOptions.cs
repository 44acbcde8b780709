using System.ComponentModel.DataAnnotations;
using Omnichannel.Hosting.Stores;

namespace Omnichannel.Journey;

/// <summary>The journey service; bound from <c>Journey</c> (env <c>Journey__Store</c>...).</summary>
public sealed class JourneyOptions
{
    public const string SectionName = "Journey";

    /// <summary>
    /// <c>Sqlite</c> (the embedded default) or <c>MongoDb</c> (the <c>MongoDb</c> section): the deployment's
    /// choice, which the audit log follows (read once, by <see cref="StoreWiring"/>).
    /// </summary>
    public StoreKind Store { get; set; } = StoreKind.Sqlite;

    /// <summary>The SQLite file, created with its folder at start.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/journeys.db";

    /// <summary>
    /// Most interactions stitched in one load and one write (a batch of messages holding more is stitched in
    /// even chunks). Larger batches amortize the store's round trips, its disk flush and the pages it writes
    /// (a page of the people or of an index is written once per batch however many of its rows the batch
    /// changes: 17 KB written per interaction at 300, 9 KB at 1,000); a batch that lost a race to another
    /// replica is applied again whole. Measured on the embedded default now that messages carry many
    /// interactions (<c>embedded 20000 100</c>, alternating runs): 8,635/9,013/9,071/9,472/8,904/s at 300
    /// against 11,553/9,996/12,550/12,342/11,292/s at 1,000; 9,289/10,807/s at 1,000 against 10,973/11,606/s
    /// at 2,000 (host CPU 171/156 -> 148/145 µs per interaction; p99 at half the peak rate 76/85 -> 103/106
    /// ms). The store alone (<c>stitch 60000 1 N 2000</c>): 11,966/11,562/s at 300, 14,342/14,223/s at
    /// 1,000. Replicas sharing a MongoDB store race less with smaller batches (the compose file sets 100).
    /// </summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 2000;

    /// <summary>How long a batch waits to fill before it is stitched as it is.</summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Interactions of the hand-over queue (those of a failed batch) stitched at once.</summary>
    [Range(1, 512)]
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>
    /// People whose parsed snapshot the SQLite store keeps in memory (a few kilobytes each; 0 for none): a
    /// load of one of them at the version held skips reading and parsing it.
    /// </summary>
    [Range(0, 10_000_000)]
    public int CachedPeople { get; set; } = Journey.Store.SqliteJourneyStore.DefaultCachedPeople;

    /// <summary>Attempts after a lost race (another writer changed the same person) before the message goes to the error queue.</summary>
    [Range(0, 100)]
    public int ConflictRetryLimit { get; set; } = 20;

    /// <summary>
    /// An identifier that links more people than this, each refused for another value of a strong type (a
    /// front-desk phone used by three taxpayers), is marked shared: it links nobody any more and is listed for
    /// the referents (docs/domain.md §2).
    /// </summary>
    [Range(2, 1000)]
    public int SharedAfterPeople { get; set; } = Domain.Engine.JourneyEngine.DefaultSharedAfterPeople;

    /// <summary>
    /// The key of the erasure tombstones' keyed hashes (base64, at least 32 bytes), from a secret store in
    /// production; empty: the store makes one at first use and keeps it (every replica then uses that one).
    /// </summary>
    public string? ErasureKey { get; set; }

    /// <summary>The configured erasure key's bytes; null when none is configured.</summary>
    public byte[]? ErasureKeyBytes => string.IsNullOrWhiteSpace(ErasureKey) ? null : Convert.FromBase64String(ErasureKey);
}
