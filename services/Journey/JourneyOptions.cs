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
    /// Interactions one process stitches at once. Writers of one person race and retry; SQLite has one
    /// writer at a time, and its writes are committed in groups: many in flight make the groups large
    /// (64 measured best in the pipeline benchmark, against 8: 1,400 against 850 interactions/s).
    /// </summary>
    [Range(1, 512)]
    public int ConcurrentMessageLimit { get; set; } = 64;

    /// <summary>Attempts after a lost race (another writer changed the same person) before the message goes to the error queue.</summary>
    [Range(0, 100)]
    public int ConflictRetryLimit { get; set; } = 20;
}
