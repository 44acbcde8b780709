using System.ComponentModel.DataAnnotations;

namespace Omnichannel.Ingestion;

/// <summary>Settings of the channel-facing API; bound from <c>Ingestion</c> (env <c>Ingestion__ApiKeys__0__Key</c>...).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>One entry per channel system: its key, the source it posts as, the channels it may post.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>How long a post may wait for the broker's confirmation, retries included, before a 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most interactions one bus message carries: requests that arrive together are published together
    /// up to this many (a larger batch request is split).
    /// </summary>
    [Range(1, 1_000)]
    public int MaxInteractionsPerMessage { get; set; } = 100;

    [Range(1, 10_000)]
    public int MaxBatchItems { get; set; } = 1_000;

    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 2 * 1024 * 1024;

    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxInteractionBytes { get; set; } = 64 * 1024;
}
