using System.ComponentModel.DataAnnotations;

namespace Omnichannel.Journey;

/// <summary>The journey service; bound from <c>Journey</c> (env <c>Journey__Store</c>...).</summary>
public sealed class JourneyOptions
{
    public const string SectionName = "Journey";

    /// <summary><c>Sqlite</c> (the embedded default) or <c>MongoDb</c> (the <c>MongoDb</c> section).</summary>
    public JourneyStoreKind Store { get; set; } = JourneyStoreKind.Sqlite;

    /// <summary>The SQLite file, created with its folder at start.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/journeys.db";

    /// <summary>
    /// Most interactions stitched in one load and one write. Larger batches amortize the store's round
    /// trips and its disk flush; a batch that lost a race to another replica is applied again whole.
    /// 300 measured best on the embedded default (<c>bench.sh</c>'s embedded run: 4,865/4,971/s at 100,
    /// 5,858/6,002/6,099/s at 300, 5,597/6,488/s at 600, 5,597/5,680/s at 1,000, the p99 at half the
    /// peak rate growing with it); replicas sharing a MongoDB store race less with smaller ones.
    /// </summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 300;

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
}
